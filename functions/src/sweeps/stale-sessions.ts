// Removes sessions whose device has not sent a heartbeat within the inactivity period.
// Each delete is conditional on the document being unchanged since it was read, so a
// heartbeat that lands meanwhile keeps its session.
import { Timestamp, type Firestore } from "firebase-admin/firestore";
import { SESSIONS } from "../../../schema/index.js";

export async function sweepStaleSessions(db: Firestore, now: number, inactivityMs: number): Promise<number> {
  const cutoff = Timestamp.fromMillis(now - inactivityMs);
  const stale = await db.collectionGroup(SESSIONS).where("lastSeenAt", "<", cutoff).get();
  const writer = db.bulkWriter();
  writer.onWriteError(() => false); // changed meanwhile: leave it
  let removed = 0;
  for (const doc of stale.docs) {
    writer.delete(doc.ref, { lastUpdateTime: doc.updateTime }).then(() => removed++, () => undefined);
  }
  await writer.close();
  return removed;
}
