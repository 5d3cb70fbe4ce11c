// One typed store per entity kind: a live view of users/{uid}/{kind} (Firestore's cache
// does persistence and the offline queue), and field-level writes carrying the sync
// metadata the rules demand. Writes the server refuses for a stale base are gathered
// per document until all of that document's writes have settled, then merged three-way
// once: disjoint fields are retried on the server's version; a same-field clash keeps
// the server's value and saves the local version as a conflict copy.
import { CURRENT_SCHEMA, IMPORT_GROUP_PREFIX, upgraded, upgradeOf, VERSION_FIELD, type EntityData, type EntityKind, type SchemaVersion } from "../../../schema/index.js";
import { SyncGateError, ValidationError } from "../errors.js";
import { whileUnavailable } from "../util/retry.js";
import { deepEqual } from "../util/equal.js";
import type { SessionContext } from "./context.js";
import { KindAudit, type AuditedView, type AuditResult } from "./audit.js";
import { ExpiredTombstones } from "./expired-tombstones.js";
import { KindListener, type CacheGate } from "./listener.js";
import { LiveView } from "./live-view.js";
import { orderAfter } from "../sync/ordering.js";
import { ATTEMPTS_BEFORE_WAITING, MAX_ATTEMPTS, planRecovery } from "../sync/recovery.js";
import { newerThanShown, stamp, WriteState, type Op, type RefusedWrite, type Version } from "../sync/write-state.js";
import { IMPORT_ROOT_WAIT_MS, RepairCheck } from "./repair.js";
import { Outbox, type OutboxEntry, type OutboxRun } from "./outbox.js";
import { WAITING_REASON, WaitingWrites } from "./waiting-writes.js";
import { fold } from "../util/firestore-depth.js";
import { stripMeta } from "../sync/metadata.js";
import { applyPatch, REMOVED } from "../sync/patch.js";
import type { Entity, ListOptions, Unsubscribe } from "./types.js";
import { VARIABLE_LISTS, VariableCodec, VariableListCodec, type FieldCodec } from "./variables.js";
import type { RemoteBatch, RemoteError, ServerTime } from "../sync/remote.js";

/** Called on a delete or restore (before its own write), so the client can carry children along. */
export type LifecycleHook = (kind: EntityKind, id: string, deleted: boolean, group: string, deletion: string | undefined) => void;

/** One store per kind, by name. */
export type EntityStores = { readonly [K in EntityKind]: EntityStore<K> };

export class EntityStore<K extends EntityKind> {
  private ctx: SessionContext | undefined;
  private listener: KindListener | undefined;
  private auditor: KindAudit | undefined;
  private expired: ExpiredTombstones | undefined;
  private outbox: Outbox | undefined;
  private readonly view = new LiveView<K>();
  private readonly codec: FieldCodec | undefined;
  private decoding: Promise<void> = Promise.resolve();
  /** the last write handed to Firestore (see write) */
  private issueQueue: Promise<void> = Promise.resolve();
  /** each document's writes in flight, refused, being merged, and versions held back meanwhile */
  private readonly writes = new WriteState();
  /** set by the client: cascades deletes and restores to children */
  onLifecycle: LifecycleHook | undefined;
  /** set by the client: restoring a child first restores its deleted ancestors */
  onRestore: ((kind: EntityKind, id: string) => void) | undefined;
  /** set by the client: whether a document with this id exists in any kind (import roots) */
  rootExists: ((id: string) => boolean) | undefined;
  /** writes refused for their shape, not their base, kept until the rules or the app change */
  private readonly waiting = new WaitingWrites();
  /** import roots some hidden entity of this kind waits for */
  private readonly awaitedRoots = new Set<string>();

  // built once: making zod schemas costs far more than using them
  private readonly fullSchema;
  private readonly patchSchema;

  /** `schema`: the schema version this app writes; older documents show (and are written) upgraded to it */
  constructor(
    readonly kind: K,
    private readonly schema: SchemaVersion = CURRENT_SCHEMA,
  ) {
    this.fullSchema = schema.entities[kind].strict();
    this.patchSchema = this.fullSchema.partial();
    const lists = VARIABLE_LISTS[kind];
    this.codec = kind === "globals" || kind === "environmentVariables" ? new VariableCodec(kind) : lists ? new VariableListCodec(lists) : undefined;
    const repair = new RepairCheck(kind, schema);
    this.view.readOnlyReason = (raw) => repair.readOnly(raw);
    this.view.present = (id, fields) => upgraded(kind, this.waiting.overlay(id, fields), schema);
    this.view.waitingReason = (id) => (this.waiting.has(id) ? WAITING_REASON : undefined);
    this.view.repairReason = (raw) => {
      const reason = repair.reason(raw);
      if (reason || !this.importRootOverdue(raw)) return reason;
      return "its import never finished (the collection or environment it came with never arrived)";
    };
    // hidden while its import's root may still arrive; after that it shows, marked (nothing
    // a writer sets can hide a live item for good)
    this.view.hide = (e) => {
      const root = (e as { importedWith?: string | null }).importedWith;
      if (typeof root !== "string" || this.rootExists?.(root) !== false || e.needsRepair) return false;
      this.awaitedRoots.add(root);
      return true;
    };
  }

  private importRootOverdue(raw: Version): boolean {
    const root = raw["importedWith"];
    if (typeof root !== "string" || this.rootExists?.(root) !== false) return false;
    const now = this.ctx?.clock.now() ?? Date.now();
    const written = (raw["updatedAt"] as ServerTime | null | undefined)?.toMillis?.() ?? now;
    return now - written > IMPORT_ROOT_WAIT_MS;
  }

  // ---- lifecycle (driven by the client) ----

  /**
   * Starts the kind's listener and its audit; `report` receives the listener's metadata
   * for the status.
   */
  open(
    ctx: SessionContext,
    options: { persistent: boolean; auditConfirmMs: number; run: OutboxRun; gate: CacheGate },
    report: (fromCache: boolean, hasPendingWrites: boolean) => void,
  ): void {
    this.ctx = ctx;
    const listener = new KindListener(ctx, this.kind, options.persistent, (id) => this.writes.inFlight(id));
    this.listener = listener;
    // a delta listener starts from its checkpoint; a full one loads the whole kind, all of it audited
    const auditedView: AuditedView = { settled: () => this.settledForAudit(), showFromServer: (docs, inWindow) => this.showFromServer(ctx, docs, inWindow) };
    this.auditor = new KindAudit(ctx, this.kind, auditedView, listener.checkpoint() ?? 0, options.auditConfirmMs);
    this.expired = new ExpiredTombstones(ctx, this.kind);
    this.outbox = new Outbox(ctx.storage, ctx.uid, this.kind, options.run.id);
    // an earlier run's, before this run writes; adopted once the first snapshot shows
    // which of their documents Firestore still holds queued writes of
    let unsettled: OutboxEntry[] | undefined = this.outbox.entries();
    void listener.start({
      onSnapshot: (batch, fromCacheLoad) => {
        this.decoding = this.decoding
          .then(() => this.apply(ctx, batch))
          .then(async () => {
            if (unsettled) {
              const entries = unsettled;
              unsettled = undefined;
              this.adoptUnsettled(ctx, await options.run.orphaned(entries));
            }
            if (fromCacheLoad) return;
            listener.confirm(batch);
            report(batch.fromCache, batch.hasPendingWrites);
          });
        return this.decoding;
      },
      onError: (error) => {
        if (error.code === "permission-denied") ctx.accessLost();
        else ctx.reportError(new SyncGateError("internal", `listener for ${this.kind} failed: ${error.message}`, { cause: error }));
      },
    }, options.gate);
  }

  /** An earlier run's writes that never settled (see store/outbox.ts): merged as refused, once Firestore has sent that run's queue (WriteState.adopt). */
  private adoptUnsettled(ctx: SessionContext, entries: OutboxEntry[]): void {
    if (this.ctx !== ctx) return;
    const settleNow: string[] = [];
    for (const { id, write: listed } of entries) {
      // one more try each start for a write that waited (the rules may have changed since)
      const write = { ...listed, attempt: Math.min(listed.attempt, ATTEMPTS_BEFORE_WAITING - 1) };
      if (this.writes.adopt(id, write)) settleNow.push(id);
      // The view shows what the user wrote: Firestore's cache holds only the writes it had
      // queued, not those refused or held back during a merge. Patches set fields, so
      // applying them again in order over the cached version ends at the user's last
      // version of each; but a write older than the cached version (writes acknowledged
      // after it are no longer listed) would bring old values back (the simulator found a
      // refused create's name shown again over later acknowledged edits, and built on).
      const raw = this.view.raw.get(id);
      const fields = this.view.fields(id);
      if (write.op !== "create" && !raw) continue;
      if (raw && stamp(write.op, write.base, ctx.sid).rev < (raw["rev"] as number)) continue;
      this.view.set(id, applyPatch(raw ?? stamp("create", undefined, ctx.sid), write.patch), applyPatch(fields ?? {}, write.patch), true);
    }
    if (entries.length > 0) this.view.notify();
    for (const id of settleNow) ctx.status.track(Promise.resolve(this.afterSettle(ctx, id)));
  }

  /** Adopted writes whose queue Firestore has now sent (see WriteState.adopt) settle. Whether any did. */
  private settleDrained(ctx: SessionContext, id: string): boolean {
    const count = this.writes.takeDrained(id);
    for (let i = 0; i < count; i++) ctx.status.track(Promise.resolve(this.afterSettle(ctx, id)));
    return count > 0;
  }

  close(): void {
    this.waiting.clear();
    this.listener?.stop();
    this.listener = undefined;
    this.auditor = undefined;
    this.expired = undefined;
    this.outbox = undefined;
    this.ctx = undefined;
    this.writes.clear();
    this.view.clear();
  }

  // ---- reads (synchronous, from the live view) ----

  get(id: string): Entity<K> | undefined {
    return this.view.get(id);
  }

  list(options: ListOptions<K> = {}): Entity<K>[] {
    return this.view.list(options);
  }

  /** Deleted entities, restorable with restore() (not the remains of cancelled imports). */
  trash(): Entity<K>[] {
    return this.view
      .list({ includeDeleted: true })
      .filter((e) => e.deleted && !String((e as { deletedWith?: unknown }).deletedWith ?? "").startsWith(IMPORT_GROUP_PREFIX));
  }

  /** The document data a write of `data` would send (secret values encrypted). */
  async encodeForWrite(id: string, data: Record<string, unknown>): Promise<Record<string, unknown>> {
    const ctx = this.session();
    return fold(this.codec ? await this.codec.encode(ctx, id, data, undefined, undefined) : data);
  }

  /** Calls back now and on every change with the matching entities; returns the unsubscribe. */
  watch(callback: (items: Entity<K>[]) => void, options: ListOptions<K> = {}): Unsubscribe {
    return this.view.watch(callback, options);
  }

  // ---- writes (never await them on a UI path: they resolve on server ack) ----

  /** Creates an entity; returns its id at once. The write syncs when it can. */
  create(data: EntityData<K>, options: { id?: string } = {}): string {
    const ctx = this.session();
    const parsed = this.validate(data, false);
    if (this.schema.version > 1) parsed[VERSION_FIELD] = this.schema.version;
    const id = options.id ?? ctx.newId();
    if (this.view.raw.has(id)) throw new SyncGateError("invalid-argument", `${this.kind}/${id} exists already`);
    this.codec?.check?.(parsed, undefined, undefined);
    this.write(ctx, id, "create", undefined, parsed);
    return id;
  }

  /** Changes some fields; only the fields that differ from the local version are sent. */
  update(id: string, patch: Partial<EntityData<K>>): void {
    const ctx = this.session();
    const parsed = this.validate(patch, true);
    const base = this.existing(id);
    const readOnly = this.view.get(id)?.readOnly;
    if (readOnly) throw new SyncGateError("newer-app-needed", `${this.kind}/${id} is ${readOnly}`);
    const current = this.view.fields(id);
    const changed = Object.fromEntries(Object.entries(parsed).filter(([k, v]) => !deepEqual(current?.[k], v)));
    if (Object.keys(changed).length === 0) return;
    this.codec?.check?.(changed, base, current);
    // an older document is written in this app's version: the edit carries the upgrade (lazily, as documents are touched)
    const upgrade = upgradeOf(this.kind, stripMeta(base), this.schema);
    const upgrading = upgrade ? { ...upgrade.set, ...Object.fromEntries(upgrade.remove.map((field) => [field, REMOVED])) } : {};
    this.write(ctx, id, "update", base, { ...upgrading, ...changed });
  }

  /**
   * Moves an item (folder or request) right after `afterId` among its siblings, or first
   * when `afterId` is null; writes only the moved item's `order`.
   */
  move(id: string, afterId: string | null): void {
    const item = this.view.fields(id);
    if (!item || !("order" in item)) throw new SyncGateError("invalid-argument", `${this.kind}/${id} has no order`);
    const parentFields = ["collectionId", "folderId", "parentFolderId"].filter((f) => f in item);
    const siblings = this.list().filter((e) => parentFields.every((f) => deepEqual((e as unknown as Record<string, unknown>)[f], item[f])));
    const order = orderAfter(siblings as unknown as { id: string; order?: number }[], id, afterId);
    this.update(id, { order } as unknown as Partial<EntityData<K>>);
  }

  /** Moves an entity to the trash (a tombstone every device learns about); its children go with it. */
  remove(id: string): void {
    this.setLifecycle(id, true, null, this.session().newId());
  }

  /** Brings an entity back from the trash, with its children and any edits made meanwhile. */
  restore(id: string): void {
    this.onRestore?.(this.kind, id);
    this.setLifecycle(id, false, null);
  }

  /**
   * Deletes or restores; `group` is the cascade's root (null for the root itself) and
   * `deletion` the delete operation's id (restores keep the one they undo). Children are
   * written first and the root last, so a device that sees the root's new state has
   * already seen its children's (one client's writes commit in order).
   */
  setLifecycle(id: string, deleted: boolean, group: string | null, deletion?: string): void {
    const ctx = this.session();
    if (group === null) this.onLifecycle?.(this.kind, id, deleted, id, deletion);
    const base = this.existing(id);
    if (base["deleted"] !== deleted) this.write(ctx, id, "lifecycle", base, { deleted, deletedWith: deleted ? group : null, ...(deleted && deletion ? { deletion } : {}) });
  }

  /** Whether this device holds a document with this id (live or deleted). */
  has(id: string): boolean {
    return this.view.raw.has(id);
  }

  /** Shows entities whose import root has arrived meanwhile (in whatever kind). */
  revealArrivedImports(): void {
    const arrived = [...this.awaitedRoots].filter((root) => this.rootExists?.(root));
    arrived.forEach((root) => this.awaitedRoots.delete(root));
    if (arrived.length > 0) this.view.notify();
  }

  /** Calls back after every change of this kind's view; returns the unsubscribe. */
  onChange(listener: () => void): Unsubscribe {
    this.view.changeListeners.add(listener);
    return () => this.view.changeListeners.delete(listener);
  }

  /** Checks the view against the server (see store/audit.ts), and forgets purged tombstones a delta listener missed. */
  async audit(): Promise<AuditResult> {
    const [ctx, auditor, expired] = [this.ctx, this.auditor, this.expired];
    if (!ctx || !auditor || !expired) return "inconclusive";
    const result = await auditor.run();
    if (!this.listener?.isDelta) return result;
    const purged = await expired.purged(this.view.raw);
    if (purged.length === 0) return result;
    await (this.decoding = this.decoding.then(() => {
      const forget = purged.filter((id) => this.ctx === ctx && this.view.raw.get(id)?.["deleted"] === true && !this.writes.writing(id));
      forget.forEach((id) => this.view.delete(id));
      if (forget.length > 0) this.view.notify();
    }));
    return result;
  }

  /** Whether this device has no write of the entity in flight (its view of it is settled). */
  settled(id: string): boolean {
    return !this.writes.inFlight(id) && !this.view.get(id)?.pending;
  }

  /** Resolves once every write made so far is in Firestore's queue (secrets encoded), for a flush to wait on. */
  issued(): Promise<void> {
    return this.issueQueue;
  }

  // ---- internals ----

  private session(): SessionContext {
    if (!this.ctx) throw new SyncGateError("not-signed-in", "sign in before reading or writing data");
    return this.ctx;
  }

  private existing(id: string): Version {
    const base = this.view.raw.get(id);
    if (!base) throw new SyncGateError("not-found", `${this.kind}/${id} does not exist here`);
    return base;
  }

  private validate(data: unknown, partial: boolean): Record<string, unknown> {
    // the version is the SDK's to set (on create and upgrade), never an edit's
    if (typeof data === "object" && data !== null && VERSION_FIELD in data) throw new ValidationError(this.kind, [{ path: [VERSION_FIELD], message: "set by the SDK, not by an edit" }]);
    const result = (partial ? this.patchSchema : this.fullSchema).safeParse(data);
    if (!result.success) {
      const issues = result.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === "symbol" ? String(p) : p)), message: i.message }));
      throw new ValidationError(this.kind, issues);
    }
    return result.data as Record<string, unknown>;
  }

  private write(ctx: SessionContext, id: string, op: Op, base: Version | undefined, patch: Record<string, unknown>, attempt = 1): void {
    const current = this.view.fields(id);
    if (attempt === 1 && this.waiting.has(id)) {
      const write = { op, base: base ?? {}, patch, attempt };
      this.waiting.join(id, { ...write, key: this.outbox?.add(id, write) });
      this.view.set(id, this.view.raw.get(id)!, applyPatch(current ?? {}, patch), true);
      this.view.notify();
      return;
    }
    const meta = stamp(op, base, ctx.sid);
    // Show the write at once, so the next edit (or an update right after a create) builds on it.
    this.view.set(id, { ...applyPatch(base ?? {}, patch), ...meta }, applyPatch(current ?? {}, patch), true);
    this.view.notify();
    // listed until it settles (see store/outbox.ts); kept for the merge if refused
    const write = { op, base: base ?? {}, patch, attempt };
    const record = { ...write, key: this.outbox?.add(id, write) };
    if (attempt === 1 && this.writes.merging(id)) {
      // a new write, not the merge's own retry (see WriteState.hold): merged in the next round
      const released = new Promise<void>((release) => this.writes.hold(id, record, release));
      ctx.status.track(released.then(() => this.afterSettle(ctx, id)));
      return;
    }
    // The write reaches Firestore's own (persistent) queue at once; only encoding secrets
    // is asynchronous, so those writes are issued in order through a queue of their own,
    // which waits for the previous write to be issued, never for its acknowledgement.
    const issue = async (): Promise<{ ack: Promise<void> }> => {
      const payload = this.codec ? await this.codec.encode(ctx, id, patch, base, current) : patch;
      // parts nested deeper than Firestore stores are folded into JSON text (unfolded on read)
      ctx.metrics.documentsWritten++;
      return { ack: ctx.remote.write(this.kind, id, op === "create" ? "create" : "update", { ...fold(payload), ...meta }) };
    };
    const issued = this.codec ? this.issueQueue.then(issue) : issue();
    this.issueQueue = issued.then(
      () => undefined,
      () => undefined,
    );
    const sent = issued.then((s) => s.ack);
    sent.then(
      () => {
        this.listener?.acknowledged(id, meta.rev);
        this.outbox?.remove(record.key);
      },
      () => undefined,
    );
    this.writes.issued(id);
    // Pending until the write is acknowledged or, if refused, merged and re-sent: the
    // status must not show IN_SYNC between a refusal and its merge.
    const outcome = sent
      .catch((error: RemoteError | SyncGateError) => {
        if (error.code === "permission-denied" && attempt <= MAX_ATTEMPTS) {
          this.writes.refusedWrite(id, record);
        } else {
          this.outbox?.remove(record.key);
          ctx.reportError(error instanceof SyncGateError ? error : new SyncGateError("internal", `could not save ${this.kind}/${id}: ${error.message}`, { cause: error }));
        }
      })
      .then(() => this.afterSettle(ctx, id));
    ctx.status.track(outcome);
  }

  /** One write of the document settled: when all have, show what was held back, or merge the refused ones. */
  private afterSettle(ctx: SessionContext, id: string): Promise<void> | undefined {
    const after = this.writes.settled(id);
    if (after.next === "wait") return;
    if (after.next === "show-deferred") return this.showDeferred(ctx, id);
    if (this.ctx !== ctx) {
      this.writes.recovered(id);
      return this.showDeferred(ctx, id);
    }
    // (a merge of earlier refusals may still run: only its own end clears "recovering")
    return this.recover(ctx, id, after.refused)
      .then((merged) => {
        // merged: their retries and copies are listed in their own right; kept for the next start otherwise
        if (merged) for (const r of after.refused) this.outbox?.remove(r.key);
      })
      .finally(() => {
        this.writes.recovered(id);
        return this.showDeferred(ctx, id);
      });
  }

  /**
   * All writes of one document settled and some were refused: merge them into the
   * server's version. False when the session ended first (nothing merged).
   */
  private async recover(ctx: SessionContext, id: string, refused: RefusedWrite[]): Promise<boolean> {
    const server = await this.fetchFromServer(ctx, id);
    if (server === "gone" || this.ctx !== ctx) return false;
    const plan = planRecovery(refused, server, { serverReadOnly: server !== undefined && this.view.readOnlyReason?.(server) !== undefined });
    if (plan.waiting) {
      await this.wait(ctx, id, refused, server);
      return false; // listed in the outbox still, for the next start
    }
    if (plan.failed) ctx.reportError(new SyncGateError("internal", `${this.kind}/${id} was refused by the server`));
    if (server) await this.setFromServer(ctx, id, server);
    for (const step of plan.steps) {
      if ("copy" in step) this.saveConflictCopy(ctx, id, step.copy);
      else this.write(ctx, id, step.write, step.base === "shown" ? this.view.raw.get(id)! : step.base, step.patch, plan.attempt);
    }
    return true;
  }

  /**
   * The server's version of a document. Right after a reconnect the SDK may still count
   * itself offline and refuse server reads: retry with a capped backoff while the session
   * lasts. "gone" when the session ended or access was lost.
   */
  private async fetchFromServer(ctx: SessionContext, id: string): Promise<Version | undefined | "gone"> {
    try {
      // refused writes wait on this read (and nothing else brings them back this session):
      // every failure the remote reports, but a refusal, is worth another try
      const retryable = (code: unknown) => typeof code === "string" && code !== "permission-denied";
      const found = await whileUnavailable(async () => ({ data: await ctx.remote.readFromServer(this.kind, id) }), () => this.ctx === ctx, ctx.clock, retryable);
      return found ? found.data : "gone";
    } catch (e) {
      if (this.ctx !== ctx) return "gone"; // the app closed meanwhile: the next start merges
      if ((e as RemoteError).code === "permission-denied") ctx.accessLost();
      else ctx.reportError(new SyncGateError("network", `could not check ${this.kind}/${id} after a refused write`, { cause: e }));
      return "gone";
    }
  }

  /** Refused writes the server's version does not explain wait: kept, shown on top of the server's version, tried again later. */
  private async wait(ctx: SessionContext, id: string, refused: RefusedWrite[], server: Version | undefined): Promise<void> {
    this.waiting.set(id, refused);
    ctx.status.setWaiting(this.kind, this.waiting.size);
    if (server) await this.setFromServer(ctx, id, server);
    else {
      // a create: Firestore dropped it from its cache when refused; the view keeps it
      this.view.set(id, this.view.raw.get(id) ?? stamp("create", undefined, ctx.sid), {}, true);
      this.view.notify();
    }
    this.waiting.schedule(ctx.clock, () => this.ctx === ctx && this.retryWaiting());
  }

  /** Tries every waiting write again now (once each). */
  retryWaiting(): void {
    const ctx = this.ctx;
    if (!ctx) return;
    const waiting = this.waiting.takeAll();
    ctx.status.setWaiting(this.kind, 0);
    for (const [id, writes] of waiting) {
      for (const write of writes) if (this.writes.adopt(id, { ...write, attempt: ATTEMPTS_BEFORE_WAITING - 1 })) ctx.status.track(Promise.resolve(this.afterSettle(ctx, id)));
    }
  }

  /** The entities whose edits wait (see `waiting` on an entity). */
  waitingIds(): string[] {
    return this.waiting.ids();
  }

  /** Hands the local version of a clashing edit to the session's conflict handler (sync/conflicts.ts), and creates the copy it makes. */
  private saveConflictCopy(ctx: SessionContext, originalId: string, local: Record<string, unknown>): void {
    const copy = ctx.conflicts.copy(local, { kind: this.kind, originalId, deviceName: ctx.deviceName });
    if (copy) this.write(ctx, ctx.newId(), "create", undefined, copy);
  }

  private async setFromServer(ctx: SessionContext, id: string, data: Version, notify = true): Promise<void> {
    const fields = this.codec ? await this.codec.decode(ctx, id, data) : stripMeta(data);
    this.view.set(id, data, fields, false);
    if (notify) this.view.notify();
  }

  /** The view for the audit, unless our writes of this kind are unsettled (it may be ahead of the server then). */
  private settledForAudit(): { changes: number; docs: Iterable<Version> } | undefined {
    if (!this.writes.idle() || this.view.anyPending()) return undefined;
    return { changes: this.view.changes, docs: this.view.raw.values() };
  }

  /**
   * Shows server versions the listener never delivered (found by the audit), where newer
   * than the view's, and drops documents of the audited window the server no longer has.
   */
  private showFromServer(ctx: SessionContext, docs: { id: string; data: Version }[], inWindow: (data: Version) => boolean): Promise<void> {
    // after any snapshot being decoded, like every other version shown
    return (this.decoding = this.decoding.then(async () => {
      let changed = false;
      const onServer = new Set(docs.map((d) => d.id));
      for (const [id, data] of [...this.view.raw]) {
        if (this.ctx !== ctx || onServer.has(id) || !inWindow(data) || this.writes.writing(id)) continue;
        this.view.delete(id);
        changed = true;
      }
      for (const { id, data } of docs) {
        if (this.ctx !== ctx || this.writes.writing(id)) continue;
        if (!newerThanShown(data, this.view.raw.get(id))) continue;
        await this.setFromServer(ctx, id, data, false);
        changed = true;
      }
      if (changed) this.view.notify();
    }));
  }

  /** Shows the server's version of a document, unless our writes of it are unsettled. */
  private async refresh(ctx: SessionContext, id: string): Promise<void> {
    const server = await this.fetchFromServer(ctx, id);
    if (!server || server === "gone") return;
    this.decoding = this.decoding.then(async () => {
      if (this.ctx === ctx && !this.writes.writing(id)) await this.setFromServer(ctx, id, server);
    });
  }

  /** Our writes of a document settled: show the version held back meanwhile, if still newer. */
  private showDeferred(ctx: SessionContext, id: string): Promise<void> {
    const data = this.writes.takeDeferred(id);
    if (!data) return Promise.resolve();
    // after any snapshot being decoded, so versions show in the order they arrived
    return (this.decoding = this.decoding.then(async () => {
      if (this.ctx !== ctx || !newerThanShown(data, this.view.raw.get(id))) return;
      await this.setFromServer(ctx, id, data);
    }));
  }

  private async apply(ctx: SessionContext, batch: RemoteBatch): Promise<void> {
    let changed = false;
    for (const { id, data, pending, removed } of batch.changes) {
      if (this.ctx !== ctx) return;
      if (removed) {
        if (this.writes.queueDrained(id) && !this.settleDrained(ctx, id)) void this.refresh(ctx, id);
        // From a delta query a removal only means "no newer version": keep the document.
        if (!this.listener?.isDelta && !this.waiting.has(id)) changed = this.view.raw.has(id) && (this.view.delete(id), true);
        continue;
      }
      // see WriteState.arrived: the user keeps seeing their own line of edits while it
      // settles, so their next edit continues it and the merge keeps it together
      const arrival = this.writes.arrived(id, data, { pending, sid: ctx.sid, shown: this.view.raw.get(id) });
      this.settleDrained(ctx, id);
      if (arrival !== "show") continue;
      const fields = this.codec ? await this.codec.decode(ctx, id, data) : stripMeta(data);
      this.view.set(id, data, fields, pending);
      changed = true;
    }
    if (changed) this.view.notify();
  }
}
