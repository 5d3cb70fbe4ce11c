// releaseSession (a device signs itself out) and revokeSession (sign out another device).
// Both are idempotent: a retry after a commit whose reply was lost finds the end record
// and reports the success the caller asked for, not `not-found`.
import type { Firestore, Transaction } from "firebase-admin/firestore";
import { HttpsError } from "firebase-functions/v2/https";
import { endSession, requireLiveSession, sessionEndOf, sessionsOf } from "./store.js";
import { runTransaction, type Transact } from "../shared/transaction.js";
import type { SessionEndCause } from "../../../schema/index.js";
import { logs } from "../shared/logs.js";

export interface EndDeps {
  db: Firestore;
  now: () => number;
  inactivityMs: number;
  transact?: Transact;
}

/** Ends `sid` unless it already ended; `gate` runs first, inside the transaction. */
async function endOnce(deps: EndDeps, uid: string, sid: string, cause: SessionEndCause, by: string, gate: (tx: Transaction) => Promise<unknown>): Promise<void> {
  const { db } = deps;
  const endedNow = await (deps.transact ?? runTransaction)(db, async (tx) => {
    const [target, ended] = await Promise.all([tx.get(sessionsOf(db, uid).doc(sid)), tx.get(sessionEndOf(db, uid, sid))]);
    if (!target.exists && ended.exists) return false; // done already (a retry, or someone else ended it)
    await gate(tx);
    if (!target.exists) throw new HttpsError("not-found", "no such session");
    endSession(tx, db, uid, sid, cause, deps.now());
    return true;
  });
  if (endedNow) logs.sessionEnded(uid, sid, cause, by);
}

/** A device ends its own session only: the sid must be the one its token carries. */
export async function releaseSession(deps: EndDeps, uid: string, callerSid: string | undefined, sid: string): Promise<void> {
  if (callerSid !== sid) throw new HttpsError("permission-denied", "a device can release only its own session");
  await endOnce(deps, uid, sid, "released", sid, async () => undefined);
}

/** Only a device whose own session lives may sign out another one. */
export async function revokeSession(deps: EndDeps, uid: string, callerSid: string | undefined, sid: string): Promise<void> {
  if (callerSid === undefined) throw new HttpsError("permission-denied", "only a signed-in device with an active session can revoke sessions");
  await endOnce(deps, uid, sid, "revoked", callerSid, (tx) => requireLiveSession(tx, deps.db, uid, callerSid, deps.inactivityMs, deps.now()));
}
