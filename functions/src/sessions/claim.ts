// claimSession: one slot per device, at most MAX_SESSIONS per account under any
// concurrency. Every claim reads and writes the profile document users/{uid} inside the
// transaction, so concurrent claims of one account serialize on it.
import { randomBytes } from "node:crypto";
import type { Auth } from "firebase-admin/auth";
import { FieldValue, Timestamp, type Firestore } from "firebase-admin/firestore";
import { HttpsError } from "firebase-functions/v2/https";
import { MAX_SESSIONS, type ClaimSessionInput, type ClaimSessionResult, type SessionInfo, type SessionLimitDetails } from "../../../schema/index.js";
import type { z } from "zod";
import { sessionsOf, toSessionInfo } from "./store.js";
import { runTransaction } from "../shared/transaction.js";

export interface ClaimDeps {
  db: Firestore;
  auth: Auth;
  now: () => number;
  inactivityMs: number;
}

const newSid = () => randomBytes(15).toString("base64url");

export async function claimSession(deps: ClaimDeps, uid: string, input: z.output<typeof ClaimSessionInput>): Promise<ClaimSessionResult> {
  const { db } = deps;
  const sessions = sessionsOf(db, uid);
  const { sid, active } = await runTransaction(
    db,
    async (tx) => {
      await tx.get(db.doc(`users/${uid}`));
      const snap = await tx.get(sessions);
      const now = deps.now();
      const cutoff = now - deps.inactivityMs;
      let active: SessionInfo[] = [];
      for (const doc of snap.docs) {
        const info = toSessionInfo(doc);
        if (info.lastSeenAt < cutoff) tx.delete(doc.ref); // expired: no longer counts
        else active.push(info);
      }
      const evict = (victim: SessionInfo) => {
        tx.delete(sessions.doc(victim.sid));
        active = active.filter((s) => s.sid !== victim.sid);
      };
      const nowTs = Timestamp.fromMillis(now);
      const mine = active.find((s) => s.deviceId === input.deviceId);
      let sid: string;
      if (mine) {
        sid = mine.sid;
        tx.update(sessions.doc(sid), { deviceName: input.deviceName, platform: input.platform ?? mine.platform, lastSeenAt: nowTs });
        mine.deviceName = input.deviceName;
        mine.lastSeenAt = now;
      } else {
        if (input.evictSid) {
          const chosen = active.find((s) => s.sid === input.evictSid);
          if (!chosen) throw new HttpsError("not-found", "the session chosen for eviction does not exist");
          evict(chosen);
        }
        while (input.evictOldest && active.length >= MAX_SESSIONS) {
          evict(active.reduce((a, b) => (b.lastSeenAt < a.lastSeenAt ? b : a)));
        }
        if (active.length >= MAX_SESSIONS) {
          const details: SessionLimitDetails = { sessions: active, limit: MAX_SESSIONS };
          throw new HttpsError("resource-exhausted", `this account is already signed in on ${MAX_SESSIONS} devices`, details);
        }
        sid = newSid();
        const platform = input.platform ?? "unknown";
        tx.create(sessions.doc(sid), { deviceId: input.deviceId, deviceName: input.deviceName, platform, createdAt: nowTs, lastSeenAt: nowTs });
        active.push({ sid, deviceId: input.deviceId, deviceName: input.deviceName, platform, createdAt: now, lastSeenAt: now });
      }
      tx.set(db.doc(`users/${uid}`), { sessionEpoch: FieldValue.increment(1) }, { merge: true });
      return { sid, active };
    },
    { maxAttempts: 30 },
  );
  const token = await deps.auth.createCustomToken(uid, { sid });
  return { sid, token, sessions: active };
}
