// The Remote port on Firestore: the only code of the stores' sync path that calls it.
// Firestore's local cache is the replica (persistence and the offline queue are its own).
import {
  count,
  getAggregateFromServer,
  getDocFromServer,
  getDocsFromCache,
  getDocsFromServer,
  limit,
  onSnapshot,
  query,
  serverTimestamp,
  setDoc,
  sum,
  Timestamp,
  updateDoc,
  deleteField,
  where,
  type DocumentData,
  type DocumentSnapshot,
  type Firestore,
  type FirestoreError,
} from "firebase/firestore";
import type { EntityKind } from "../../../../schema/index.js";
import type { Remote, RemoteBatch, ServerTime } from "../../sync/remote.js";
import { isRemoved } from "../../sync/patch.js";
import { userCollection, userDoc } from "./paths.js";

/** Never reached: a cache read's limit only keeps it apart from the listeners' queries (see readCache). */
const CACHE_READ_LIMIT = 2 ** 31 - 1;

/** Firestore's data of a snapshot, with pending server timestamps estimated. */
function snapshotData(doc: DocumentSnapshot): DocumentData | undefined {
  return doc.data({ serverTimestamps: "estimate" });
}

export class FirestoreRemote implements Remote {
  constructor(
    private readonly db: Firestore,
    private readonly uid: string,
  ) {}

  write(kind: EntityKind, id: string, op: "create" | "update", data: DocumentData): Promise<void> {
    const ref = userDoc(this.db, this.uid, kind, id);
    const stamped: DocumentData = { ...data, updatedAt: serverTimestamp() };
    for (const key in data) if (isRemoved(data[key])) stamped[key] = deleteField();
    return op === "create" ? setDoc(ref, stamped) : updateDoc(ref, stamped);
  }

  async readFromServer(kind: EntityKind, id: string): Promise<DocumentData | undefined> {
    return (await getDocFromServer(userDoc(this.db, this.uid, kind, id))).data();
  }

  async readCache(kind: EntityKind): Promise<{ id: string; data: DocumentData; pending: boolean }[] | undefined> {
    // The same documents as the bare collection, but a query no listener has used: for a
    // query with a target, Firestore first loads the target's whole key set (an IndexedDB
    // cursor, one round trip per document, then a sorted insert per key), which a read of
    // a whole collection never uses (it scans).
    const snap = await getDocsFromCache(query(userCollection(this.db, this.uid, kind), limit(CACHE_READ_LIMIT))).catch(() => undefined);
    return snap?.docs.map((d) => ({ id: d.id, data: snapshotData(d)!, pending: d.metadata.hasPendingWrites }));
  }

  listen(kind: EntityKind, since: number | undefined, onBatch: (batch: RemoteBatch) => void, onError: (error: FirestoreError) => void): () => void {
    const ref = userCollection(this.db, this.uid, kind);
    const target = since !== undefined ? query(ref, where("updatedAt", ">", Timestamp.fromMillis(since))) : ref;
    return onSnapshot(
      target,
      { includeMetadataChanges: true },
      (snap) => {
        // docChanges() without metadata changes: the documents that changed, not only their pending flag
        const changed = new Set(snap.docChanges().map((c) => c.doc.id));
        onBatch({
          changes: snap.docChanges({ includeMetadataChanges: true }).map((c) => ({
            id: c.doc.id,
            data: snapshotData(c.doc)!,
            removed: c.type === "removed",
            pending: c.doc.metadata.hasPendingWrites,
            metadataOnly: !changed.has(c.doc.id),
          })),
          fromCache: snap.metadata.fromCache,
          hasPendingWrites: snap.metadata.hasPendingWrites,
        });
      },
      onError,
    );
  }

  async fingerprint(kind: EntityKind, since: ServerTime): Promise<{ count: number; revs: number }> {
    return (await getAggregateFromServer(this.changed(kind, since), { count: count(), revs: sum("rev") })).data();
  }

  async changedSince(kind: EntityKind, since: ServerTime): Promise<{ id: string; data: DocumentData }[]> {
    return (await getDocsFromServer(this.changed(kind, since))).docs.map((d) => ({ id: d.id, data: snapshotData(d)! }));
  }

  timeAt(ms: number): ServerTime {
    return Timestamp.fromMillis(ms);
  }

  private changed(kind: EntityKind, since: ServerTime) {
    return query(userCollection(this.db, this.uid, kind), where("updatedAt", ">=", since));
  }
}
