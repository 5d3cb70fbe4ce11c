// The bulk import's writes on Firestore: batches of creates, the tombstones a rollback
// writes, and the lookups that tell whether an interrupted import's root arrived.
import { getDocFromServer, getDocsFromServer, query, serverTimestamp, where, writeBatch, type FirestoreError } from "firebase/firestore";
import { IMPORT_GROUP_PREFIX, SESSIONS, type EntityKind } from "../../../../schema/index.js";
import type { SessionContext } from "../../store/context.js";
import { userCollection, userDoc } from "./paths.js";

export const MAX_BATCH_WRITES = 400;

export interface BatchWrite {
  /** the user's collection: an entity kind, or chunks */
  name: string;
  id: string;
  data: Record<string, unknown>;
  /** an entity: the server stamps its `updatedAt` */
  stamped: boolean;
}

/** A written entity, as a rollback needs it (its version, to build on). */
export interface Written {
  kind: EntityKind;
  id: string;
  rev: number;
  updatedBy: string;
}

/**
 * Commits one batch. A refusal while this device's session still lives is retried
 * twice: the emulator refuses a rules lookup that waited on a lock (a heartbeat or a
 * claim's transaction holding the session document the rules look up), which
 * production does not.
 */
export async function commitBatch(ctx: SessionContext, entries: BatchWrite[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const batch = writeBatch(ctx.db);
    for (const e of entries) batch.set(userDoc(ctx.db, ctx.uid, e.name, e.id), e.stamped ? { ...e.data, updatedAt: serverTimestamp() } : e.data);
    try {
      return await batch.commit();
    } catch (error) {
      if ((error as FirestoreError).code !== "permission-denied" || attempt > 2 || !(await sessionLives(ctx))) throw error;
    }
  }
}

const sessionLives = (ctx: SessionContext) => onServer(ctx, SESSIONS, ctx.sid).catch(() => false);

/** Hides what a failed or cancelled import wrote (tombstones the trash does not list). */
export async function tombstoneImported(ctx: SessionContext, written: Written[], rootId: string): Promise<void> {
  for (let at = 0; at < written.length; at += MAX_BATCH_WRITES) {
    const batch = writeBatch(ctx.db);
    for (const e of written.slice(at, at + MAX_BATCH_WRITES)) {
      batch.update(userDoc(ctx.db, ctx.uid, e.kind, e.id), {
        deleted: true,
        deletedWith: `${IMPORT_GROUP_PREFIX}${rootId}`,
        rev: e.rev + 1,
        baseBy: e.updatedBy,
        updatedBy: ctx.sid,
        updatedAt: serverTimestamp(),
      });
    }
    ctx.metrics.documentsWritten += Math.min(MAX_BATCH_WRITES, written.length - at);
    await batch.commit();
  }
}

/** Whether the server holds the document (an import's root, this device's session). */
export async function onServer(ctx: SessionContext, name: string, id: string): Promise<boolean> {
  return (await getDocFromServer(userDoc(ctx.db, ctx.uid, name, id))).exists();
}

/** The live entities of a kind an import wrote, from the server. */
export async function importedLive(ctx: SessionContext, kind: EntityKind, rootId: string): Promise<Written[]> {
  const snap = await getDocsFromServer(query(userCollection(ctx.db, ctx.uid, kind), where("importedWith", "==", rootId)));
  return snap.docs.filter((d) => d.get("deleted") !== true).map((d) => ({ kind, id: d.id, rev: d.get("rev") as number, updatedBy: d.get("updatedBy") as string }));
}
