// Writes an import plan in batches (≤ 400 writes and ≤ 8 MB each), reporting progress
// and honouring cancellation. Chunks go first, then the entities, each marked
// `importedWith` the root, and the root entity (the collection or environment) last:
// devices hide entities whose import root they do not hold, so until the root exists
// nothing of the import shows anywhere, even if the importing device dies mid-way.
// A cancel or failure after some batches tombstones what was written, marked
// `deletedWith: "import:<root>"`, which the trash does not list; after a crash, the
// journal kept in the device's storage lets its next session do the same.
import { CHUNKS, type EntityKind } from "../../../schema/index.js";
import type { SessionContext } from "../store/context.js";
import { whileUnavailable } from "../util/retry.js";
import { PREFIX } from "../util/storage.js";
import { ImportCancelledError } from "./errors.js";
import type { ImportPlan } from "./plan.js";
import { commitBatch, importedLive, MAX_BATCH_WRITES, onServer, tombstoneImported, type BatchWrite, type Written } from "../remote/firestore/import-batches.js";

const MAX_BYTES = 8_000_000;

export interface ImportProgress {
  done: number;
  total: number;
}

export interface ImportOptions {
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
  /**
   * A collection, environment or run imported before (same Postman id, same run): "replace" imports the
   * file and moves the old one to the trash, "copy" keeps both. Without it such an import
   * is refused with AlreadyImportedError. Globals always merge by key.
   */
  onExisting?: "replace" | "copy";
}

interface Write {
  name: string;
  id: string;
  data: Record<string, unknown>;
  entity?: { kind: EntityKind; id: string };
}

/** What an unfinished import wrote, kept in the device's storage until it ends. */
interface JournalEntry {
  rootKind: EntityKind;
  rootId: string;
  kinds: EntityKind[];
}
const journalPrefix = (uid: string) => `${PREFIX}import:${uid}:`;

/** Imports running in this JavaScript realm. */
const running = new Set<string>();
const lockName = (rootId: string) => `syncgate-import-${rootId}`;

/** Runs an import holding a lock other tabs can see (Web Locks), so none of them takes it for dead. */
async function whileImporting<T>(rootId: string, work: () => Promise<T>): Promise<T> {
  running.add(rootId);
  try {
    const locks = globalThis.navigator?.locks;
    return locks ? await locks.request(lockName(rootId), work) : await work();
  } finally {
    running.delete(rootId);
  }
}

async function stillImporting(rootId: string): Promise<boolean> {
  if (running.has(rootId)) return true;
  const locks = globalThis.navigator?.locks;
  return locks ? locks.request(lockName(rootId), { ifAvailable: true }, (lock) => lock === null) : false;
}

export async function commitPlan(
  ctx: SessionContext,
  plan: ImportPlan,
  rootId: string,
  options: ImportOptions,
  encode: (kind: EntityKind, id: string, data: Record<string, unknown>) => Promise<Record<string, unknown>>,
): Promise<void> {
  const root = plan.entities.find((e) => e.id === rootId)!;
  const children = plan.entities.filter((e) => e !== root);
  const writes: Write[] = [
    ...plan.chunks.map((c) => ({ name: CHUNKS, id: c.id, data: c.data })),
    ...children.map((e) => ({ name: e.kind, id: e.id, data: { ...e.data, importedWith: rootId }, entity: { kind: e.kind, id: e.id } })),
    { name: root.kind, id: root.id, data: root.data, entity: { kind: root.kind, id: root.id } },
  ];
  const journalKey = `${journalPrefix(ctx.uid)}${rootId}`;
  const entry: JournalEntry = { rootKind: root.kind, rootId, kinds: [...new Set(children.map((e) => e.kind))] };
  ctx.storage.setItem(journalKey, JSON.stringify(entry));
  // the entry goes once the import ended cleanly: completed, or rolled back
  await whileImporting(rootId, () => writeAll(ctx, writes, rootId, options, encode, () => ctx.storage.removeItem(journalKey)));
}

async function writeAll(
  ctx: SessionContext,
  writes: Write[],
  rootId: string,
  options: ImportOptions,
  encode: (kind: EntityKind, id: string, data: Record<string, unknown>) => Promise<Record<string, unknown>>,
  ended: () => void,
): Promise<void> {
  const meta = { rev: 1, deleted: false, updatedBy: ctx.sid };
  const total = writes.length;
  const written: Written[] = [];
  let done = 0;
  options.onProgress?.({ done, total });
  try {
    for (let at = 0; at < writes.length; ) {
      if (options.signal?.aborted) throw new ImportCancelledError();
      let bytes = 0;
      const inBatch: (BatchWrite & Write)[] = [];
      while (at < writes.length && inBatch.length < MAX_BATCH_WRITES) {
        const w = writes[at]!;
        const data = w.entity ? { ...(await encode(w.entity.kind, w.entity.id, w.data)), ...meta } : w.data;
        const size = JSON.stringify(data).length;
        if (inBatch.length > 0 && bytes + size > MAX_BYTES) break;
        bytes += size;
        inBatch.push({ ...w, data, stamped: !!w.entity });
        at++;
      }
      const commit = commitBatch(ctx, inBatch);
      ctx.metrics.documentsWritten += inBatch.length;
      ctx.status.track(commit);
      await commit;
      for (const w of inBatch) if (w.entity) written.push({ ...w.entity, rev: 1, updatedBy: ctx.sid });
      done += inBatch.length;
      options.onProgress?.({ done, total });
    }
  } catch (error) {
    await tombstoneImported(ctx, written, rootId);
    ended();
    throw error;
  }
  ended();
}

/**
 * Finishes imports this device left unfinished (the app died mid-import): if the root
 * never reached the server, what did is tombstoned as a cancel would have. Runs at the
 * start of each session; an entry stays until this succeeds. A tab's import in progress
 * holds a Web Lock, so another tab starting meanwhile leaves it alone.
 */
export async function rollBackInterruptedImports(ctx: SessionContext, active: () => boolean): Promise<void> {
  for (const key of ctx.storage.keys(journalPrefix(ctx.uid))) {
    const entry = JSON.parse(ctx.storage.getItem(key) ?? "null") as JournalEntry | null;
    if (entry && (await stillImporting(entry.rootId))) continue; // another tab's import, alive
    const finished = await whileUnavailable(async () => {
      if (entry && !(await onServer(ctx, entry.rootKind, entry.rootId))) {
        const written: Written[] = [];
        for (const kind of entry.kinds) written.push(...(await importedLive(ctx, kind, entry.rootId)));
        await tombstoneImported(ctx, written, entry.rootId);
      }
      return true;
    }, active);
    if (finished) ctx.storage.removeItem(key);
  }
}
