// Every Firestore path of the client, built in one place from the schema's names
// (users/{uid}/{collection}[/{id}]): entity kinds, chunks, sessions and their end records.
import { collection, doc, type CollectionReference, type DocumentData, type DocumentReference, type Firestore } from "firebase/firestore";
import { USERS } from "../../../../schema/index.js";

/** A collection under the user's document: an entity kind, chunks, sessions, session ends. */
export function userCollection(db: Firestore, uid: string, name: string): CollectionReference<DocumentData> {
  return collection(db, USERS, uid, name);
}

/** A document of such a collection. */
export function userDoc(db: Firestore, uid: string, name: string, id: string): DocumentReference<DocumentData> {
  return doc(db, USERS, uid, name, id);
}
