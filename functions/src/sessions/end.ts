// releaseSession (a device signs itself out) and revokeSession (sign out another device).
import type { Firestore } from "firebase-admin/firestore";
import { HttpsError } from "firebase-functions/v2/https";
import { sessionsOf } from "./store.js";
import { runTransaction } from "../shared/transaction.js";

async function deleteSession(db: Firestore, uid: string, sid: string): Promise<void> {
  const ref = sessionsOf(db, uid).doc(sid);
  const existed = await runTransaction(db, async (tx) => {
    const snap = await tx.get(ref);
    if (snap.exists) tx.delete(ref);
    return snap.exists;
  });
  if (!existed) throw new HttpsError("not-found", "no such session");
}

export function releaseSession(db: Firestore, uid: string, sid: string): Promise<void> {
  return deleteSession(db, uid, sid);
}

/** Only a device that itself holds an active session may sign out another one. */
export async function revokeSession(db: Firestore, uid: string, callerSid: string | undefined, sid: string): Promise<void> {
  const callerActive = callerSid ? (await sessionsOf(db, uid).doc(callerSid).get()).exists : false;
  if (!callerActive) throw new HttpsError("permission-denied", "only a signed-in device with an active session can revoke sessions");
  await deleteSession(db, uid, sid);
}
