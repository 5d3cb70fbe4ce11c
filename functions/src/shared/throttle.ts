// Fixed-window attempt counters in `throttles/{hash}` (functions only: no client rule
// reaches them). Keys are hashed so no email or username is stored in clear; every
// counter carries `expiresAt` for Firestore's TTL policy (and the emulator's sweep).
import { createHash } from "node:crypto";
import { Timestamp, type DocumentData, type Firestore } from "firebase-admin/firestore";
import { THROTTLES } from "../../../schema/index.js";
import { logs } from "./logs.js";
import { runTransaction } from "./transaction.js";

export interface ThrottlePolicy {
  scope: string;
  limit: number;
  windowMs: number;
}

const docId = (scope: string, key: string) => createHash("sha256").update(`${scope}\n${key}`).digest("hex");

interface Window {
  count: number;
  windowStart: number;
}

function windowOf(data: DocumentData | undefined, policy: ThrottlePolicy, now: number): Window {
  const windowStart = (data?.["windowStart"] as Timestamp | undefined)?.toMillis() ?? 0;
  if (now - windowStart >= policy.windowMs) return { count: 0, windowStart: now };
  return { count: (data?.["count"] as number | undefined) ?? 0, windowStart };
}

/** Counts one attempt; returns false when the key already used up its window. */
export async function takeAttempt(db: Firestore, policy: ThrottlePolicy, key: string, now = Date.now()): Promise<boolean> {
  const ref = db.collection(THROTTLES).doc(docId(policy.scope, key));
  const taken = await runTransaction(db, async (tx) => {
    const { count, windowStart } = windowOf((await tx.get(ref)).data(), policy, now);
    if (count >= policy.limit) return false;
    tx.set(ref, {
      count: count + 1,
      windowStart: Timestamp.fromMillis(windowStart),
      expiresAt: Timestamp.fromMillis(windowStart + policy.windowMs),
    });
    return true;
  });
  if (!taken) logs.throttleHit(policy.scope, key);
  return taken;
}

/** Whether the key still has attempts left in its window, without counting one. */
export async function hasAttemptsLeft(db: Firestore, policy: ThrottlePolicy, key: string, now = Date.now()): Promise<boolean> {
  const snap = await db.collection(THROTTLES).doc(docId(policy.scope, key)).get();
  const left = windowOf(snap.data(), policy, now).count < policy.limit;
  if (!left) logs.throttleHit(policy.scope, key);
  return left;
}
