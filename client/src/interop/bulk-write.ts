// Writes an import plan in batches (≤ 400 writes and ≤ 8 MB each), reporting progress
// and honouring cancellation. Chunks go first, then the entities, and the root entity
// (the collection or environment) last: until the root exists nothing of the import is
// reachable in the app, so a crash mid-import leaves nothing half-imported in view.
// A cancel or failure after some batches tombstones what was written, marked
// `deletedWith: "import:<root>"`, which the trash does not list.
import { doc, serverTimestamp, writeBatch, type DocumentReference } from "firebase/firestore";
import { CHUNKS, type EntityKind } from "../../../schema/index.js";
import type { SessionContext } from "../store/context.js";
import { ImportCancelledError } from "./errors.js";
import type { ImportPlan } from "./plan.js";

export const IMPORT_GROUP_PREFIX = "import:";
const MAX_WRITES = 400;
const MAX_BYTES = 8_000_000;

export interface ImportProgress {
  done: number;
  total: number;
}

export interface ImportOptions {
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
}

interface Write {
  ref: DocumentReference;
  data: Record<string, unknown>;
  entity?: { kind: EntityKind; id: string };
}

export async function commitPlan(
  ctx: SessionContext,
  plan: ImportPlan,
  rootId: string,
  options: ImportOptions,
  encode: (kind: EntityKind, id: string, data: Record<string, unknown>) => Promise<Record<string, unknown>>,
): Promise<void> {
  const meta = () => ({ rev: 1, deleted: false, updatedBy: ctx.sid, updatedAt: serverTimestamp() });
  const userDoc = (...path: string[]) => doc(ctx.db, "users", ctx.uid, ...path);
  const root = plan.entities.find((e) => e.id === rootId)!;
  const writes: Write[] = [
    ...plan.chunks.map((c) => ({ ref: userDoc(CHUNKS, c.id), data: c.data })),
    ...[...plan.entities.filter((e) => e !== root), root].map((e) => ({ ref: userDoc(e.kind, e.id), data: e.data, entity: { kind: e.kind, id: e.id } })),
  ];
  const total = writes.length;
  const written: { kind: EntityKind; id: string }[] = [];
  let done = 0;
  options.onProgress?.({ done, total });
  try {
    for (let at = 0; at < writes.length; ) {
      if (options.signal?.aborted) throw new ImportCancelledError();
      const batch = writeBatch(ctx.db);
      let bytes = 0;
      const inBatch: Write[] = [];
      while (at < writes.length && inBatch.length < MAX_WRITES) {
        const w = writes[at]!;
        const data = w.entity ? { ...(await encode(w.entity.kind, w.entity.id, w.data)), ...meta() } : w.data;
        const size = JSON.stringify(data).length;
        if (inBatch.length > 0 && bytes + size > MAX_BYTES) break;
        batch.set(w.ref, data);
        bytes += size;
        inBatch.push(w);
        at++;
      }
      const commit = batch.commit();
      ctx.status.track(commit);
      await commit;
      for (const w of inBatch) if (w.entity) written.push(w.entity);
      done += inBatch.length;
      options.onProgress?.({ done, total });
    }
  } catch (error) {
    await rollback(ctx, written, rootId);
    throw error;
  }
}

/** Hides what a failed or cancelled import wrote (tombstones the trash does not list). */
async function rollback(ctx: SessionContext, written: { kind: EntityKind; id: string }[], rootId: string): Promise<void> {
  for (let at = 0; at < written.length; at += MAX_WRITES) {
    const batch = writeBatch(ctx.db);
    for (const e of written.slice(at, at + MAX_WRITES)) {
      batch.update(doc(ctx.db, "users", ctx.uid, e.kind, e.id), {
        deleted: true,
        deletedWith: `${IMPORT_GROUP_PREFIX}${rootId}`,
        rev: 2,
        baseBy: ctx.sid,
        updatedBy: ctx.sid,
        updatedAt: serverTimestamp(),
      });
    }
    await batch.commit();
  }
}
