// Account deletion. Data goes first, the Auth user last, so a retry after a partial
// failure still has a signed-in caller; every step is idempotent. The Auth onDelete
// trigger runs the same purge when the user is deleted by other means.
import type { Auth } from "firebase-admin/auth";
import type { Firestore } from "firebase-admin/firestore";
import { USERNAMES } from "../../../schema/index.js";

/** Deletes users/{uid} with every subcollection (all kinds, chunks, sessions) and the username reservation. */
export async function purgeUserData(db: Firestore, uid: string): Promise<void> {
  const reservations = await db.collection(USERNAMES).where("uid", "==", uid).get();
  await db.recursiveDelete(db.doc(`users/${uid}`));
  await Promise.all(reservations.docs.map((d) => d.ref.delete()));
}

export async function deleteAccount(deps: { db: Firestore; auth: Auth }, uid: string): Promise<void> {
  await purgeUserData(deps.db, uid);
  await deps.auth.deleteUser(uid).catch((e: { code?: string }) => {
    if (e.code !== "auth/user-not-found") throw e;
  });
}
