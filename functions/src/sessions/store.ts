// Session documents users/{uid}/sessions/{sid}, their wire form, and the record of why a
// session ended (users/{uid}/sessionEnds/{sid}): a retried call that ended a session
// finds it there and reports success, and the ended device can learn why.
import { Timestamp, type DocumentSnapshot, type Firestore, type Transaction } from "firebase-admin/firestore";
import { HttpsError } from "firebase-functions/v2/https";
import { SESSION_ENDS, SESSIONS, type SessionEndCause, type SessionInfo } from "../../../schema/index.js";

export interface SessionDoc {
  deviceId: string;
  deviceName: string;
  platform: string;
  createdAt: Timestamp;
  lastSeenAt: Timestamp;
  /** epoch ms of the first-factor sign-in that claimed this session */
  proofAt?: number;
  /** last confirmPassword on this session (recent re-authentication) */
  reauthAt?: Timestamp;
}

/** How long an end record is kept: longer than any retry, long enough for an offline device to learn why. */
export const SESSION_END_KEPT_MS = 30 * 24 * 60 * 60 * 1000;

export const sessionsOf = (db: Firestore, uid: string) => db.collection(`users/${uid}/${SESSIONS}`);
export const sessionEndOf = (db: Firestore, uid: string, sid: string) => db.doc(`users/${uid}/${SESSION_ENDS}/${sid}`);
export const profileOf = (db: Firestore, uid: string) => db.doc(`users/${uid}`);

/** A session as the server reasons about it (deviceId stays server-side). */
export interface ActiveSession extends SessionInfo {
  deviceId: string;
}

export function toActiveSession(snap: DocumentSnapshot): ActiveSession {
  const d = snap.data() as SessionDoc;
  return {
    sid: snap.id,
    deviceId: d.deviceId,
    deviceName: d.deviceName,
    platform: d.platform,
    createdAt: d.createdAt.toMillis(),
    lastSeenAt: d.lastSeenAt.toMillis(),
  };
}

/** The wire form: never the device id. */
export const publicInfo = ({ sid, deviceName, platform, createdAt, lastSeenAt }: SessionInfo): SessionInfo => ({ sid, deviceName, platform, createdAt, lastSeenAt });

/** Ends a session inside a transaction: the document goes, the reason stays for a while. */
export function endSession(tx: Transaction, db: Firestore, uid: string, sid: string, cause: SessionEndCause, now: number): void {
  tx.delete(sessionsOf(db, uid).doc(sid));
  tx.set(sessionEndOf(db, uid, sid), { cause, endedAt: Timestamp.fromMillis(now), expiresAt: Timestamp.fromMillis(now + SESSION_END_KEPT_MS) });
}

/** The caller's session inside a transaction, or permission-denied when it no longer lives. */
export async function requireLiveSession(tx: Transaction, db: Firestore, uid: string, sid: string, inactivityMs: number, now: number): Promise<DocumentSnapshot> {
  const snap = await tx.get(sessionsOf(db, uid).doc(sid));
  const lastSeen = (snap.get("lastSeenAt") as Timestamp | undefined)?.toMillis() ?? 0;
  if (!snap.exists || now - lastSeen > inactivityMs) throw new HttpsError("permission-denied", "this device's session has ended: sign in again");
  return snap;
}

