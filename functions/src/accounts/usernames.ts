// usernames/{normalized} → { uid }: the reservation that makes a username unique.
import type { Firestore, Timestamp } from "firebase-admin/firestore";
import { USERNAMES } from "../../../schema/index.js";

export interface UsernameDoc {
  uid: string;
  /** set while createAccount is between reserving and creating the Auth user */
  pendingSince?: Timestamp;
}

export const usernameRef = (db: Firestore, normalized: string) => db.collection(USERNAMES).doc(normalized);

export async function uidForUsername(db: Firestore, normalized: string): Promise<string | undefined> {
  const snap = await usernameRef(db, normalized).get();
  const data = snap.data() as UsernameDoc | undefined;
  return data && !data.pendingSince ? data.uid : undefined;
}
