// Large payloads (a response's bodyBlob, a run's resultsBlob, a variable's
// initialValueBlob) live in immutable chunk documents; this reads one back whole.
import { getDocs, query, setDoc, where } from "firebase/firestore";
import { CHUNKS, joinChunks, type BlobRef, type Chunk } from "../../../../schema/index.js";
import { SyncGateError } from "../../errors.js";
import type { SessionContext } from "../../store/context.js";
import { userCollection, userDoc } from "./paths.js";

/**
 * The full text of a blob. Its chunks are written before the entity that names them, so
 * a missing chunk means they were purged (the owner left the trash for good) or this
 * device is offline with no cached copy: `not-found`, never a truncated text.
 */
export async function readBlob(ctx: SessionContext, ref: BlobRef): Promise<string> {
  const snap = await getDocs(query(userCollection(ctx.db, ctx.uid, CHUNKS), where("blobId", "==", ref.id)));
  if (!snap.metadata.fromCache) ctx.metrics.documentsFromServer += snap.size;
  const text = joinChunks(snap.docs.map((d) => d.data() as Chunk));
  if (snap.size !== ref.chunks || text.length !== ref.chars) {
    throw new SyncGateError("not-found", `blob ${ref.id}: ${snap.size} of ${ref.chunks} chunks available`);
  }
  return text;
}

/**
 * Issues the creates of a blob's chunks, not waiting for the server (offline they queue):
 * Firestore commits one client's writes in order, so an entity write issued after them
 * never names chunks the server lacks.
 */
export function writeChunks(ctx: SessionContext, chunks: { id: string; data: Record<string, unknown> }[]): void {
  for (const chunk of chunks) {
    ctx.metrics.documentsWritten++;
    setDoc(userDoc(ctx.db, ctx.uid, CHUNKS, chunk.id), chunk.data).catch((e: unknown) => ctx.reportError(new SyncGateError("internal", `chunk ${chunk.id} was not stored`, { cause: e })));
  }
}
