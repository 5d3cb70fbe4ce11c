// Purges tombstones older than the retention period, with the chunks of their blobs.
// Deletes are conditional on the tombstone being unchanged since it was read, so an
// edit or restore that lands meanwhile wins.
import { Timestamp, type Firestore } from "firebase-admin/firestore";
import { BLOB_OWNER_KINDS, CHUNKS, ENTITY_KINDS, type EntityKind } from "../../../schema/index.js";

const PAGE = 300;
const ownsBlobs = (kind: EntityKind) => (BLOB_OWNER_KINDS as readonly string[]).includes(kind);

export async function purgeTombstones(db: Firestore, now: number, retentionMs: number): Promise<number> {
  const cutoff = Timestamp.fromMillis(now - retentionMs);
  const writer = db.bulkWriter();
  writer.onWriteError(() => false);
  let purged = 0;
  const chunkCleanups: Promise<unknown>[] = [];
  for (const kind of ENTITY_KINDS) {
    let query = db.collectionGroup(kind).where("deleted", "==", true).where("updatedAt", "<", cutoff).orderBy("updatedAt").limit(PAGE);
    for (;;) {
      const page = await query.get();
      for (const doc of page.docs) {
        const deleted = writer.delete(doc.ref, { lastUpdateTime: doc.updateTime }).then(() => true, () => false);
        const owner = doc.ref.parent.parent;
        chunkCleanups.push(
          deleted.then(async (ok) => {
            if (!ok) return;
            purged++;
            if (!owner || !ownsBlobs(kind)) return;
            const chunks = await owner.collection(CHUNKS).where("ownerId", "==", doc.id).get();
            await Promise.all(chunks.docs.map((chunk) => chunk.ref.delete()));
          }),
        );
      }
      if (page.size < PAGE) break;
      query = query.startAfter(page.docs[page.docs.length - 1]!);
    }
  }
  await writer.close();
  await Promise.all(chunkCleanups);
  return purged;
}
