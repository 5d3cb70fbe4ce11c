// claimSession: at most MAX_SESSIONS per account under any concurrency and any sequence
// of calls. Every claim reads and writes the profile document users/{uid} inside the
// transaction, so concurrent claims (and account deletion) serialize on it. A claim
// needs the profile that createAccount made and that deletion marks: a user made any
// other way, or a deleted account signed in again by an old token, gets no session.
import { randomBytes } from "node:crypto";
import type { Auth } from "firebase-admin/auth";
import { FieldValue, Timestamp, type DocumentSnapshot, type Firestore } from "firebase-admin/firestore";
import { HttpsError } from "firebase-functions/v2/https";
import { MAX_SESSIONS, PROOF_CLAIM, SESSION_CLAIM, type ClaimSessionInput, type ClaimSessionResult, type SessionEndCause, type SessionLimitDetails } from "../../../schema/index.js";
import type { z } from "zod";
import { endSession, profileOf, publicInfo, sessionsOf, toActiveSession, type ActiveSession } from "./store.js";
import { runTransaction, type Transact } from "../shared/transaction.js";
import { logs } from "../shared/logs.js";

export interface ClaimDeps {
  db: Firestore;
  auth: Auth;
  now: () => number;
  inactivityMs: number;
  transact?: Transact;
}

const newSid = () => randomBytes(15).toString("base64url");

/** Whether the profile lets a session be claimed (createAccount made it, deletion has not begun). */
export const accountUsable = (profile: DocumentSnapshot) => profile.exists && profile.get("deleting") !== true;

export async function claimSession(deps: ClaimDeps, uid: string, proofAt: number, input: z.output<typeof ClaimSessionInput>): Promise<ClaimSessionResult> {
  const { db } = deps;
  const sessions = sessionsOf(db, uid);
  const { sid, active, ended } = await (deps.transact ?? runTransaction)(
    db,
    async (tx) => {
      const ended: [string, SessionEndCause][] = [];
      const profile = await tx.get(profileOf(db, uid));
      if (!accountUsable(profile)) throw new HttpsError("unauthenticated", "no such account: sign up first");
      const snap = await tx.get(sessions);
      const now = deps.now();
      const cutoff = now - deps.inactivityMs;
      let active: ActiveSession[] = [];
      for (const doc of snap.docs) {
        const info = toActiveSession(doc);
        if (info.lastSeenAt < cutoff) {
          endSession(tx, db, uid, doc.id, "expired", now);
          ended.push([doc.id, "expired"]);
        } else active.push(info);
      }
      const end = (victim: ActiveSession, cause: "evicted" | "replaced") => {
        endSession(tx, db, uid, victim.sid, cause, now);
        ended.push([victim.sid, cause]);
        active = active.filter((s) => s.sid !== victim.sid);
      };
      // A device id is never a credential: re-claiming a device's slot always ends the
      // session that held it, so the app that held it is signed out.
      for (const same of active.filter((s) => s.deviceId === input.deviceId)) end(same, "replaced");
      if (input.evictSid) {
        const chosen = active.find((s) => s.sid === input.evictSid);
        if (!chosen) throw new HttpsError("not-found", "the session chosen for eviction does not exist");
        end(chosen, "evicted");
      }
      while (input.evictOldest && active.length >= MAX_SESSIONS) {
        end(active.reduce((a, b) => (b.lastSeenAt < a.lastSeenAt ? b : a)), "evicted");
      }
      if (active.length >= MAX_SESSIONS) {
        const details: SessionLimitDetails = { sessions: active.map(publicInfo), limit: MAX_SESSIONS };
        throw new HttpsError("resource-exhausted", `this account is already signed in on ${MAX_SESSIONS} devices`, details);
      }
      const sid = newSid();
      const platform = input.platform ?? "unknown";
      const nowTs = Timestamp.fromMillis(now);
      tx.create(sessions.doc(sid), { deviceId: input.deviceId, deviceName: input.deviceName, platform, createdAt: nowTs, lastSeenAt: nowTs, proofAt });
      active.push({ sid, deviceId: input.deviceId, deviceName: input.deviceName, platform, createdAt: now, lastSeenAt: now });
      tx.update(profile.ref, { sessionEpoch: FieldValue.increment(1) });
      return { sid, active, ended };
    },
    { maxAttempts: 30 },
  ).catch((e: unknown) => {
    if (e instanceof HttpsError && e.code === "resource-exhausted") logs.limitReached(uid, MAX_SESSIONS);
    if (e instanceof HttpsError && e.code === "unauthenticated") logs.claimRefused(uid, "no usable account (never created, or deleted)");
    throw e;
  });
  for (const [endedSid, cause] of ended) logs.sessionEnded(uid, endedSid, cause, sid);
  logs.sessionClaimed(uid, sid, active.length);
  const token = await deps.auth.createCustomToken(uid, { [SESSION_CLAIM]: sid, [PROOF_CLAIM]: proofAt });
  return { sid, token, sessions: active.map(publicInfo) };
}
