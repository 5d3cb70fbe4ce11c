// Account deletion. First the account is marked `deleting` and its sessions end, in one
// transaction on the profile document, the same gate every claim goes through: from then
// on no claim succeeds, and no session lives. Then the Auth user goes (no new tokens),
// then the data. Every step is idempotent, so a retry, whatever it finds, finishes the
// job and reports success. The Auth onDelete trigger runs the same purge when the user is
// deleted by other means.
import type { Auth } from "firebase-admin/auth";
import { Timestamp, type Firestore, type Transaction } from "firebase-admin/firestore";
import { HttpsError } from "firebase-functions/v2/https";
import { SESSION_ENDS, USERNAMES } from "../../../schema/index.js";
import { endSession, profileOf, requireLiveSession, sessionsOf, type SessionDoc } from "../sessions/store.js";
import { isFresh, type Caller } from "../shared/callable.js";
import { runTransaction, type Transact } from "../shared/transaction.js";
import { authUserExists } from "./create.js";
import { logs } from "../shared/logs.js";

export interface DeleteDeps {
  db: Firestore;
  auth: Auth;
  now: () => number;
  inactivityMs: number;
  transact?: Transact;
}

/** Marks the account deleted and ends every session, unless `gate` refuses (inside the transaction). */
async function markDeleting(deps: DeleteDeps, uid: string, gate: (tx: Transaction) => Promise<void>): Promise<void> {
  const { db } = deps;
  await (deps.transact ?? runTransaction)(db, async (tx) => {
    const profile = await tx.get(profileOf(db, uid));
    if (!profile.exists || profile.get("deleting") === true) return;
    await gate(tx);
    const sessions = await tx.get(sessionsOf(db, uid));
    const now = deps.now();
    for (const s of sessions.docs) endSession(tx, db, uid, s.id, "account-deleted", now);
    tx.update(profile.ref, { deleting: true, deletingSince: Timestamp.fromMillis(now) });
  });
}

/**
 * Deletes users/{uid} with every subcollection (all kinds, chunks, sessions) and the
 * username reservation. The session end records stay until they expire (30 days; no
 * personal data): each device of the account learns from its record that the account is
 * gone, even one that was offline meanwhile.
 */
export async function purgeUserData(deps: DeleteDeps, uid: string, how: "callable" | "auth-trigger"): Promise<void> {
  await markDeleting(deps, uid, async () => undefined);
  const reservations = await deps.db.collection(USERNAMES).where("uid", "==", uid).get();
  const profile = profileOf(deps.db, uid);
  for (const sub of await profile.listCollections()) if (sub.id !== SESSION_ENDS) await deps.db.recursiveDelete(sub);
  await profile.delete();
  await Promise.all(reservations.docs.map((d) => d.ref.delete()));
  logs.accountDeleted(uid, how);
}

/**
 * From a live session with a recent first-factor sign-in: the session was claimed, or
 * confirmPassword was called on it, within the last few minutes.
 */
export async function deleteAccount(deps: DeleteDeps, caller: Caller): Promise<void> {
  const { db, auth } = deps;
  const { uid, sid } = caller;
  const profile = await profileOf(db, uid).get();
  if (!profile.exists && !(await authUserExists(auth, uid))) return; // deleted already: a retry
  if (!profile.exists) throw new HttpsError("permission-denied", "this account was not made by createAccount");
  if (profile.get("deleting") !== true) {
    if (sid === undefined) throw new HttpsError("permission-denied", "only a signed-in device with an active session can delete the account");
    await markDeleting(deps, uid, async (tx) => {
      const session = (await requireLiveSession(tx, db, uid, sid, deps.inactivityMs, deps.now())).data() as SessionDoc;
      const now = deps.now();
      if (!isFresh(session.proofAt, now) && !isFresh(session.reauthAt?.toMillis(), now)) {
        throw new HttpsError("permission-denied", "confirm your password first (deleting an account needs a recent sign-in)");
      }
    });
  }
  await auth.deleteUser(uid).catch((e: { code?: string }) => {
    if (e.code !== "auth/user-not-found") throw e;
  });
  await purgeUserData(deps, uid, "callable");
}
