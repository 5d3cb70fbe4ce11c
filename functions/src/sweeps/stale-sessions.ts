// Removes sessions whose device has not sent a heartbeat within the inactivity period,
// leaving an end record ("expired") as every other way a session ends does. Each delete
// is conditional on the document being unchanged since it was read, so a heartbeat that
// lands meanwhile keeps its session.
import { Timestamp, type Firestore } from "firebase-admin/firestore";
import { SESSION_ENDS, SESSIONS } from "../../../schema/index.js";
import { SESSION_END_KEPT_MS } from "../sessions/store.js";

export async function sweepStaleSessions(db: Firestore, now: number, inactivityMs: number): Promise<number> {
  const cutoff = Timestamp.fromMillis(now - inactivityMs);
  const stale = await db.collectionGroup(SESSIONS).where("lastSeenAt", "<", cutoff).get();
  const writer = db.bulkWriter();
  writer.onWriteError(() => false); // changed meanwhile: leave it
  const ended = { cause: "expired", endedAt: Timestamp.fromMillis(now), expiresAt: Timestamp.fromMillis(now + SESSION_END_KEPT_MS) };
  const removed = stale.docs.map((doc) =>
    writer.delete(doc.ref, { lastUpdateTime: doc.updateTime }).then(
      () => doc.ref.parent.parent?.collection(SESSION_ENDS).doc(doc.id),
      () => undefined,
    ),
  );
  await writer.close();
  const ends = (await Promise.all(removed)).filter((ref) => ref !== undefined);
  await Promise.all(ends.map((ref) => ref.set(ended)));
  return ends.length;
}
