// Fixed-window attempt counters in `throttles/{hash}` (functions only: no client rule
// reaches them). Keys are hashed so no email or username is stored in clear.
import { createHash } from "node:crypto";
import { Timestamp, type Firestore } from "firebase-admin/firestore";
import { runTransaction } from "./transaction.js";

export interface ThrottlePolicy {
  scope: string;
  limit: number;
  windowMs: number;
}

export const THROTTLES = "throttles";

const docId = (scope: string, key: string) => createHash("sha256").update(`${scope}\n${key}`).digest("hex");

/** Counts one attempt; returns false when the key already used up its window. */
export async function takeAttempt(db: Firestore, policy: ThrottlePolicy, key: string, now = Date.now()): Promise<boolean> {
  const ref = db.collection(THROTTLES).doc(docId(policy.scope, key));
  return runTransaction(db, async (tx) => {
    const snap = await tx.get(ref);
    const windowStart = (snap.get("windowStart") as Timestamp | undefined)?.toMillis() ?? 0;
    const fresh = now - windowStart >= policy.windowMs;
    const count = fresh ? 0 : ((snap.get("count") as number | undefined) ?? 0);
    if (count >= policy.limit) return false;
    tx.set(ref, {
      count: count + 1,
      windowStart: fresh ? Timestamp.fromMillis(now) : Timestamp.fromMillis(windowStart),
      expiresAt: Timestamp.fromMillis((fresh ? now : windowStart) + policy.windowMs),
    });
    return true;
  });
}
