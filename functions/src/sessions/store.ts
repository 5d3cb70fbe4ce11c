// Session documents users/{uid}/sessions/{sid} and their wire form.
import { Timestamp, type DocumentSnapshot, type Firestore } from "firebase-admin/firestore";
import type { SessionInfo } from "../../../schema/index.js";

export interface SessionDoc {
  deviceId: string;
  deviceName: string;
  platform: string;
  createdAt: Timestamp;
  lastSeenAt: Timestamp;
}

export const sessionsOf = (db: Firestore, uid: string) => db.collection(`users/${uid}/sessions`);

export function toSessionInfo(snap: DocumentSnapshot): SessionInfo {
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
