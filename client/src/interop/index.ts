// Import and export of Postman files for a signed-in client.
import type { BlobRef, EntityData, EntityKind } from "../../../schema/index.js";
import { readBlob, writeChunks } from "../remote/firestore/blobs.js";
import type { SessionContext } from "../store/context.js";
import type { EntityStore } from "../store/entity-store.js";
import { commitPlan, type ImportOptions } from "./bulk-write.js";
import { exportCollection, parseCollection, planCollectionImport } from "./collection.js";
import { exportEnvironment, exportGlobals, parseEnvironment, parseGlobals, planEnvironmentImport, planGlobalsImport } from "./environment.js";
import { exportRun, parseNewmanReport, planRunImport } from "./newman.js";
import { chunkText, ImportPlan, type PlannedChunk } from "./plan.js";
import { detectPostmanFile, type PostmanFileKind } from "./detect.js";
import { parseJsonText } from "./parse.js";
import { AlreadyImportedError, ImportError } from "./errors.js";
import { byOrder } from "../sync/ordering.js";
import { entityLabel, type Entity } from "../store/types.js";
import { NeedsRepairError, type UnsoundItem } from "../errors.js";

export interface ExportOptions {
  /** leave out items whose stored documents are unsound (needsRepair), or only a newer app can read (readOnly), instead of refusing the export */
  skipNeedsRepair?: boolean;
}

type Exportable = { id: string; needsRepair?: string | undefined; readOnly?: string | undefined };

/** Why an item cannot be exported as it is: unsound, or in a newer app's shape this one cannot map. */
const unexportable = (e: Exportable) => e.needsRepair ?? e.readOnly;

/** Unsound items (needsRepair) and those only a newer app can read (readOnly) refuse an export, unless it leaves them out knowingly; the root is never left out. */
function refuseUnsound(root: [string, Exportable] | undefined, groups: [string, Exportable[]][], options: ExportOptions): void {
  const unsoundOf = ([kind, items]: [string, Exportable[]]): UnsoundItem[] =>
    items
      .filter(unexportable)
      .map((e) => ({ kind, id: e.id, label: entityLabel(e), reason: unexportable(e)! }));
  const rootUnsound = root ? unsoundOf([root[0], [root[1]]]) : [];
  if (rootUnsound.length) throw new NeedsRepairError(rootUnsound);
  const unsound = groups.flatMap(unsoundOf);
  if (unsound.length && !options.skipNeedsRepair) throw new NeedsRepairError(unsound);
}

const sound = <T extends Exportable>(items: T[]) => items.filter((e) => !unexportable(e));

type Stores = { readonly [K in EntityKind]: EntityStore<K> };

export interface ImportResult {
  /** the new collection or environment (absent for globals) */
  id?: string;
  /** entities written */
  entities: number;
  /** globals: keys added and keys whose value changed */
  added?: number;
  updated?: number;
  /** with onExisting "replace": the earlier imports moved to the trash */
  replaced?: string[];
}

export class PostmanInterop {
  constructor(
    private readonly stores: Stores,
    private readonly session: () => SessionContext,
  ) {}

  private async commit(plan: ImportPlan, rootId: string, options: ImportOptions): Promise<void> {
    const ctx = this.session();
    await commitPlan(ctx, plan, rootId, options, (kind, id, data) => (this.stores[kind] as unknown as EntityStore<EntityKind>).encodeForWrite(id, data));
  }

  /**
   * Imports the root (collection or environment) unless it was imported before, when
   * `onExisting` decides: "replace" moves the earlier ones to the trash once the new one
   * is in, "copy" keeps them.
   */
  private async importRoot<K extends "collections" | "environments" | "runs">(
    kind: K,
    plan: ImportPlan,
    rootId: string,
    earlier: { id: string; name: string }[],
    options: ImportOptions,
  ): Promise<ImportResult> {
    if (earlier.length && !options.onExisting) throw new AlreadyImportedError(({ collections: "collection", environments: "environment", runs: "run" } as const)[kind], earlier);
    await this.commit(plan, rootId, options);
    if (options.onExisting === "replace") for (const e of earlier) this.stores[kind].remove(e.id);
    return { id: rootId, entities: plan.entities.length, ...(options.onExisting === "replace" && earlier.length ? { replaced: earlier.map((e) => e.id) } : {}) };
  }

  /**
   * Imports any Postman file (collection, environment, globals, newman report: JSON text
   * or a parsed object), telling the kind from the marks each format carries. What the
   * CLI and the demo app use, so both give the same results and errors.
   */
  async importFile(input: unknown, options: ImportOptions = {}): Promise<ImportResult & { kind: PostmanFileKind }> {
    const json = typeof input === "string" ? parseJsonText(input) : input;
    const kind = detectPostmanFile(json);
    if (!kind) throw new ImportError("", "not a Postman collection (v2.0 or v2.1), environment, globals or newman report");
    const importers = { collection: this.importCollection, environment: this.importEnvironment, globals: this.importGlobals, newman: this.importNewmanRun };
    return { kind, ...(await importers[kind].call(this, json, options)) };
  }

  /** Imports a Postman Collection v2.0/v2.1 file (object or JSON text) as a new collection. */
  async importCollection(input: unknown, options: ImportOptions = {}): Promise<ImportResult> {
    const file = parseCollection(input);
    const { plan, collectionId } = planCollectionImport(file);
    const postmanId = file.info["_postman_id"];
    const earlier = postmanId ? this.stores.collections.list().filter((c) => (c.info as { _postman_id?: unknown } | undefined)?._postman_id === postmanId) : [];
    return this.importRoot("collections", plan, collectionId, earlier, options);
  }

  async importEnvironment(input: unknown, options: ImportOptions = {}): Promise<ImportResult> {
    const file = parseEnvironment(input);
    const { plan, environmentId } = planEnvironmentImport(file);
    const fileId = file["id"];
    const earlier = fileId ? this.stores.environments.list().filter((e) => (e.extra as { id?: unknown } | undefined)?.id === fileId) : [];
    return this.importRoot("environments", plan, environmentId, earlier, options);
  }

  /**
   * Globals merge by key: a key the account has already gets the file's value (and type,
   * enabled), a new key is added, the account's other globals stay. Importing the same
   * file twice changes nothing the second time.
   */
  async importGlobals(input: unknown, options: ImportOptions = {}): Promise<ImportResult> {
    const plan = planGlobalsImport(parseGlobals(input));
    const byKey = new Map<string, Entity<"globals">[]>();
    for (const g of this.stores.globals.list().sort(byOrder)) byKey.set(g.key, [...(byKey.get(g.key) ?? []), g]);
    const chunksOf = (ownerId: string) => plan.chunks.filter((c) => c.data["ownerId"] === ownerId);
    const fresh = new ImportPlan();
    const changes: { id: string; patch: Partial<EntityData<"globals">>; chunks: PlannedChunk[] }[] = [];
    for (const planned of plan.entities) {
      const data = planned.data as EntityData<"globals">;
      const chunks = chunksOf(planned.id);
      const existing = byKey.get(data.key)?.shift(); // the nth of a key in the file matches the nth held
      if (!existing) {
        fresh.entities.push(planned);
        fresh.chunks.push(...chunks);
        continue;
      }
      const { initialValue, initialValueBlob, type, enabled, extra } = data;
      const same = await this.holdsValue(existing, data, chunks);
      const value = same ? {} : { initialValue, ...(initialValueBlob || existing.initialValueBlob ? { initialValueBlob: initialValueBlob ?? null } : {}) };
      // the new value's chunks now belong to the global that takes it
      const owned = same ? [] : chunks.map((c) => ({ id: c.id, data: { ...c.data, ownerId: existing.id } }));
      changes.push({ id: existing.id, patch: { ...value, type, enabled, extra }, chunks: owned });
    }
    if (fresh.entities.length) await this.commit(fresh, fresh.entities[fresh.entities.length - 1]!.id, options);
    else options.onProgress?.({ done: 0, total: 0 });
    let updated = 0;
    for (const { id, patch, chunks } of changes) {
      const before = this.stores.globals.get(id);
      writeChunks(this.session(), chunks); // issued before the entity that names them
      this.stores.globals.update(id, patch);
      if (this.stores.globals.get(id) !== before) updated++;
    }
    return { entities: fresh.entities.length + updated, added: fresh.entities.length, updated };
  }

  /** Whether a held global has the file's value already (its chunks read only when the lengths match). */
  private async holdsValue(held: Entity<"globals">, planned: EntityData<"globals">, chunks: PlannedChunk[]): Promise<boolean> {
    const text = planned.initialValueBlob ? chunkText(chunks) : planned.initialValue;
    if (!held.initialValueBlob) return held.initialValue === text;
    return held.initialValueBlob.chars === text.length && (await readBlob(this.session(), held.initialValueBlob)) === text;
  }

  /**
   * Imports newman's JSON reporter output as a run result, linked to the collection whose
   * Postman id matches (or to `collectionId`).
   */
  async importNewmanRun(input: unknown, options: ImportOptions & { collectionId?: string } = {}): Promise<ImportResult> {
    const report = parseNewmanReport(input);
    const postmanId = report.collection.info._postman_id;
    const match = this.stores.collections.list().find((c) => postmanId && (c.info as { _postman_id?: string } | undefined)?._postman_id === postmanId);
    const { plan, runId } = planRunImport(report, options.collectionId ?? match?.id ?? postmanId ?? "unlinked");
    // the same report again: a run of the same collection that started at the same moment
    const earlier = this.stores.runs.list().filter((r) => r.startedAt === report.run.timings.started && r.name === report.collection.info.name);
    return this.importRoot("runs", plan, runId, earlier, options);
  }

  /** A run result as newman's JSON reporter wrote it. */
  async exportNewmanRun(runId: string): Promise<Record<string, unknown>> {
    const run = this.stores.runs.get(runId);
    if (!run) throw new Error(`no run ${runId}`);
    const ctx = this.session();
    const executions = run.resultsBlob ? (JSON.parse(await readBlob(ctx, run.resultsBlob)) as Record<string, unknown>[]) : (run.results ?? []);
    return exportRun(run, executions);
  }

  /** The collection as a Postman Collection file (the version it was imported as, v2.1 otherwise). */
  async exportCollection(collectionId: string, options: ExportOptions = {}): Promise<Record<string, unknown>> {
    const s = this.stores;
    const collectionEntity = s.collections.get(collectionId);
    if (!collectionEntity) throw new Error(`no collection ${collectionId}`);
    const live = <K extends EntityKind>(kind: K) => (s[kind] as unknown as EntityStore<K>).list({ where: { collectionId } as never });
    const [folders, requests, responses] = [live("folders"), live("requests"), live("responses")];
    refuseUnsound(["collections", collectionEntity], [["folders", folders], ["requests", requests], ["responses", responses]], options);
    const bodies = new Map<string, string>();
    const ctx = this.session();
    for (const r of sound(responses)) if (r.bodyBlob) bodies.set(r.id, await readBlob(ctx, r.bodyBlob));
    const doc = exportCollection({
      collection: collectionEntity as EntityData<"collections">,
      folders: sound(folders),
      requests: sound(requests),
      responses: sound(responses),
      bodyOf: (r) => (r.bodyBlob ? bodies.get(r.id) : r.body),
    });
    if (!("schema" in ((doc["info"] as Record<string, unknown>) ?? {}))) {
      (doc["info"] as Record<string, unknown>)["schema"] = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";
    }
    return doc;
  }

  async exportEnvironment(environmentId: string, options: ExportOptions = {}): Promise<Record<string, unknown>> {
    const env = this.stores.environments.get(environmentId);
    if (!env) throw new Error(`no environment ${environmentId}`);
    const variables = this.stores.environmentVariables.list({ where: { environmentId } });
    refuseUnsound(["environments", env], [["environmentVariables", variables]], options);
    return exportEnvironment(env, sound(variables), await this.valuesInChunks(sound(variables)));
  }

  async exportGlobals(options: ExportOptions = {}): Promise<Record<string, unknown>> {
    const globals = this.stores.globals.list();
    refuseUnsound(undefined, [["globals", globals]], options);
    return exportGlobals(sound(globals), await this.valuesInChunks(sound(globals)));
  }

  /** The values of variables kept in chunks, by blob id. */
  private async valuesInChunks(variables: { initialValueBlob?: BlobRef | null | undefined }[]): Promise<Map<string, string>> {
    const ctx = this.session();
    const refs = variables.flatMap((v) => (v.initialValueBlob ? [v.initialValueBlob] : []));
    return new Map(await Promise.all(refs.map(async (ref) => [ref.id, await readBlob(ctx, ref)] as const)));
  }
}
