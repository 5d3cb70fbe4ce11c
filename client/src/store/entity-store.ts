// One typed store per entity kind: a live, in-memory view of users/{uid}/{kind} kept by
// one listener (Firestore's cache does the persistence and the offline queue), and
// field-level writes carrying the sync metadata the rules demand. A write the server
// refuses for a stale base is merged three-way and retried; a true same-field clash
// keeps the server's value and saves the local version as a conflict copy.
import {
  collection,
  doc,
  getDocFromServer,
  onSnapshot,
  serverTimestamp,
  setDoc,
  updateDoc,
  type DocumentData,
  type FirestoreError,
  type QuerySnapshot,
  type Timestamp,
} from "firebase/firestore";
import { EntitySchemas, type EntityData, type EntityKind } from "../../../schema/index.js";
import { SyncGateError, ValidationError } from "../errors.js";
import { deepEqual } from "../util/equal.js";
import { randomId } from "../util/storage.js";
import type { SessionContext } from "./context.js";
import { threeWayMerge } from "./merge.js";
import { stripMeta } from "./metadata.js";
import type { Entity, ListOptions, Unsubscribe } from "./types.js";
import { VariableCodec } from "./variables.js";

const LIFECYCLE = ["deleted", "deletedWith"] as const;
const MAX_RECOVERIES = 8;

type Op = "create" | "update" | "lifecycle";

interface Watcher<K extends EntityKind> {
  options: ListOptions<K>;
  callback: (items: Entity<K>[]) => void;
}

export class EntityStore<K extends EntityKind> {
  private ctx: SessionContext | undefined;
  private unsubscribe: Unsubscribe | undefined;
  /** documents as Firestore holds them locally (secrets still encrypted) */
  private readonly raw = new Map<string, DocumentData>();
  private readonly items = new Map<string, Entity<K>>();
  private readonly watchers = new Set<Watcher<K>>();
  private decoding: Promise<void> = Promise.resolve();
  private sendQueue: Promise<void> = Promise.resolve();
  private readonly codec: VariableCodec | undefined;

  constructor(readonly kind: K) {
    this.codec = kind === "globals" || kind === "environmentVariables" ? new VariableCodec(kind) : undefined;
  }

  // ---- lifecycle (driven by the client) ----

  /** Opens the kind's listener; `report` receives its metadata for the status. */
  open(ctx: SessionContext, report: (fromCache: boolean, hasPendingWrites: boolean) => void): void {
    this.ctx = ctx;
    this.unsubscribe = onSnapshot(
      collection(ctx.db, "users", ctx.uid, this.kind),
      { includeMetadataChanges: true },
      (snap) => {
        this.decoding = this.decoding.then(() => this.apply(snap)).then(() => report(snap.metadata.fromCache, snap.metadata.hasPendingWrites));
      },
      (error: FirestoreError) => {
        if (error.code === "permission-denied") ctx.accessLost();
        else ctx.reportError(new SyncGateError("internal", `listener for ${this.kind} failed: ${error.message}`, { cause: error }));
      },
    );
  }

  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.ctx = undefined;
    this.raw.clear();
    this.items.clear();
    this.notify();
  }

  // ---- reads (synchronous, from the live view) ----

  get(id: string): Entity<K> | undefined {
    return this.items.get(id);
  }

  list(options: ListOptions<K> = {}): Entity<K>[] {
    const where = Object.entries(options.where ?? {});
    return [...this.items.values()].filter(
      (e) => (options.includeDeleted || !e.deleted) && where.every(([k, v]) => deepEqual((e as unknown as Record<string, unknown>)[k], v)),
    );
  }

  /** Deleted entities, restorable with restore(). */
  trash(): Entity<K>[] {
    return this.list({ includeDeleted: true }).filter((e) => e.deleted);
  }

  /** Calls back now and on every change with the matching entities; returns the unsubscribe. */
  watch(callback: (items: Entity<K>[]) => void, options: ListOptions<K> = {}): Unsubscribe {
    const watcher = { options, callback };
    this.watchers.add(watcher);
    callback(this.list(options));
    return () => this.watchers.delete(watcher);
  }

  // ---- writes (never await them on a UI path: they resolve on server ack) ----

  /** Creates an entity; returns its id at once. The write syncs when it can. */
  create(data: EntityData<K>, options: { id?: string } = {}): string {
    const ctx = this.session();
    const parsed = this.validate(data, false);
    const id = options.id ?? randomId();
    this.write(ctx, id, "create", undefined, parsed);
    return id;
  }

  /** Changes some fields; only the fields that differ from the local version are sent. */
  update(id: string, patch: Partial<EntityData<K>>): void {
    const ctx = this.session();
    const parsed = this.validate(patch, true);
    const base = this.raw.get(id);
    if (!base) throw new SyncGateError("not-found", `${this.kind}/${id} does not exist here`);
    const current = this.items.get(id) as unknown as Record<string, unknown> | undefined;
    const changed = Object.fromEntries(Object.entries(parsed).filter(([k, v]) => !deepEqual(current?.[k], v)));
    if (Object.keys(changed).length === 0) return;
    this.write(ctx, id, "update", base, changed);
  }

  /** Moves an entity to the trash (a tombstone every device learns about). */
  remove(id: string, options: { deletedWith?: string | null } = {}): void {
    this.setLifecycle(id, { deleted: true, deletedWith: options.deletedWith ?? null });
  }

  /** Brings an entity back from the trash, with any edits made to it meanwhile. */
  restore(id: string): void {
    this.setLifecycle(id, { deleted: false, deletedWith: null });
  }

  private setLifecycle(id: string, lifecycle: { deleted: boolean; deletedWith: string | null }): void {
    const ctx = this.session();
    const base = this.raw.get(id);
    if (!base) throw new SyncGateError("not-found", `${this.kind}/${id} does not exist here`);
    if (base["deleted"] === lifecycle.deleted) return;
    this.write(ctx, id, "lifecycle", base, lifecycle);
  }

  // ---- internals ----

  private session(): SessionContext {
    if (!this.ctx) throw new SyncGateError("not-signed-in", "sign in before reading or writing data");
    return this.ctx;
  }

  private validate(data: unknown, partial: boolean): Record<string, unknown> {
    const schema = EntitySchemas[this.kind].strict();
    const result = (partial ? schema.partial() : schema).safeParse(data);
    if (!result.success) {
      throw new ValidationError(this.kind, result.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === "symbol" ? String(p) : p)), message: i.message })));
    }
    return result.data as Record<string, unknown>;
  }

  private write(ctx: SessionContext, id: string, op: Op, base: DocumentData | undefined, patch: Record<string, unknown>): void {
    const ref = doc(ctx.db, "users", ctx.uid, this.kind, id);
    const meta =
      op === "create"
        ? { rev: 1, deleted: false, updatedBy: ctx.sid }
        : { rev: (base!["rev"] as number) + 1, baseBy: base!["updatedBy"], updatedBy: ctx.sid };
    const current = this.items.get(id) as unknown as Record<string, unknown> | undefined;
    this.applyLocally(id, { ...(base ?? {}), ...patch, ...meta }, patch);
    const send = async (): Promise<void> => {
      const payload = this.codec ? await this.codec.encode(ctx, id, patch, base, current) : patch;
      const data = { ...payload, ...meta, updatedAt: serverTimestamp() };
      await (op === "create" ? setDoc(ref, data) : updateDoc(ref, data));
    };
    // Encoding secrets is asynchronous: queue those sends so writes reach Firestore in order.
    const sent = this.codec ? (this.sendQueue = this.sendQueue.then(send, send)) : send();
    ctx.status.track(sent);
    sent.catch((error: FirestoreError) => this.recover(ctx, id, op, base ?? {}, patch, error, 1));
  }

  /**
   * Shows a write at once, before Firestore's own latency-compensated snapshot arrives,
   * so the next edit (or an update right after a create) builds on it.
   */
  private applyLocally(id: string, raw: DocumentData, patch: Record<string, unknown>): void {
    this.raw.set(id, raw);
    const previous = this.items.get(id);
    this.items.set(id, {
      ...(previous as Entity<K> | undefined),
      ...(patch as Partial<EntityData<K>>),
      id,
      rev: raw["rev"] as number,
      updatedAt: previous?.updatedAt ?? null,
      updatedBy: raw["updatedBy"] as string,
      deleted: raw["deleted"] === true,
      pending: true,
    } as Entity<K>);
    this.notify();
  }

  /** A write was refused: find out why, then merge and retry, or report. */
  private async recover(
    ctx: SessionContext,
    id: string,
    op: Op,
    base: DocumentData,
    patch: Record<string, unknown>,
    error: FirestoreError | SyncGateError,
    attempt: number,
  ): Promise<void> {
    if (this.ctx !== ctx) return; // signed out meanwhile
    if (!("code" in error) || error.code !== "permission-denied" || attempt > MAX_RECOVERIES) {
      ctx.reportError(new SyncGateError("internal", `could not save ${this.kind}/${id}: ${error.message}`, { cause: error }));
      return;
    }
    const ref = doc(ctx.db, "users", ctx.uid, this.kind, id);
    let server: DocumentData | undefined;
    try {
      server = (await getDocFromServer(ref)).data();
    } catch (e) {
      if ((e as FirestoreError).code === "permission-denied") ctx.accessLost();
      else ctx.reportError(new SyncGateError("network", `could not check ${this.kind}/${id} after a refused write`, { cause: e }));
      return;
    }
    if (!server) {
      ctx.reportError(new SyncGateError("internal", `${this.kind}/${id} was refused by the server: ${error.message}`, { cause: error }));
      return;
    }
    const retry = (next: Record<string, unknown>) => {
      const written = updateDoc(ref, { ...next, rev: (server["rev"] as number) + 1, baseBy: server["updatedBy"], updatedBy: ctx.sid, updatedAt: serverTimestamp() });
      ctx.status.track(written);
      written.catch((e: FirestoreError) => this.recover(ctx, id, op, server, next, e, attempt + 1));
    };
    if (op === "lifecycle") {
      if (server["deleted"] !== patch["deleted"]) retry(Object.fromEntries(LIFECYCLE.map((k) => [k, patch[k] ?? null])));
      return;
    }
    if (op === "create") {
      // an id collision with a different entity: keep ours under a fresh id
      this.write(ctx, randomId(), "create", undefined, patch);
      return;
    }
    const { apply, conflicts } = threeWayMerge(base, patch, server);
    if (Object.keys(apply).length > 0) retry(apply);
    if (conflicts.length > 0) this.saveConflictCopy(ctx, id, { ...stripMeta(base), ...patch });
  }

  /** Keeps the local version of a clashing edit as a visible copy linked to the original. */
  private saveConflictCopy(ctx: SessionContext, originalId: string, local: Record<string, unknown>): void {
    const copy: Record<string, unknown> = { ...local, conflictOf: originalId, deletedWith: null };
    if (typeof copy["name"] === "string") {
      copy["name"] = `${copy["name"]} (conflict from ${ctx.deviceName})`.slice(0, 512);
    } else if ("enabled" in copy) {
      copy["enabled"] = false; // a variable copy must not shadow the original
    }
    this.write(ctx, randomId(), "create", undefined, copy);
  }

  private async apply(snap: QuerySnapshot): Promise<void> {
    if (!this.ctx) return;
    const ctx = this.ctx;
    let changed = false;
    for (const change of snap.docChanges({ includeMetadataChanges: true })) {
      const id = change.doc.id;
      if (change.type === "removed") {
        changed = this.raw.delete(id) || changed;
        this.items.delete(id);
        continue;
      }
      const data = change.doc.data({ serverTimestamps: "estimate" });
      this.raw.set(id, data);
      const fields = this.codec ? await this.codec.decode(ctx, id, data) : stripMeta(data);
      if (this.ctx !== ctx) return;
      this.items.set(id, {
        ...(fields as EntityData<K>),
        id,
        rev: data["rev"] as number,
        updatedAt: (data["updatedAt"] as Timestamp | null)?.toDate() ?? null,
        updatedBy: data["updatedBy"] as string,
        deleted: data["deleted"] === true,
        pending: change.doc.metadata.hasPendingWrites,
      });
      changed = true;
    }
    if (changed) this.notify();
  }

  private notify(): void {
    for (const w of [...this.watchers]) w.callback(this.list(w.options));
  }
}
