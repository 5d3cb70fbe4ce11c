// Removes documents past their `expiresAt`: throttle counters, queued mail and session
// end records. In production Firestore's TTL policies (firestore.indexes.json) do this
// on their own; the emulator has no TTL, and a project without the policies still stays
// bounded.
import { Timestamp, type Firestore, type Query } from "firebase-admin/firestore";
import { MAIL, SESSION_ENDS, THROTTLES } from "../../../schema/index.js";

/** The collection groups that carry `expiresAt`. */
export const EXPIRING = [THROTTLES, MAIL, SESSION_ENDS] as const;

export async function sweepExpired(db: Firestore, now: number): Promise<number> {
  const cutoff = Timestamp.fromMillis(now);
  const writer = db.bulkWriter();
  let removed = 0;
  for (const group of EXPIRING) {
    let query: Query = db.collectionGroup(group).where("expiresAt", "<", cutoff).orderBy("expiresAt").limit(500);
    for (;;) {
      const page = await query.get();
      for (const doc of page.docs) void writer.delete(doc.ref).then(() => removed++, () => undefined);
      if (page.size < 500) break;
      query = query.startAfter(page.docs[page.docs.length - 1]!);
    }
  }
  await writer.close();
  return removed;
}
