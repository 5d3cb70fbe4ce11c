// The owner of an account's nine stores and of the rules across kinds: deletes and
// restores cascade to children, restoring a child restores its deleted ancestors,
// lifecycles that crossed are reconciled, and an import's items stay hidden until its
// root has arrived. The client opens it with a session and closes it at the end.
import { CURRENT_SCHEMA, ENTITY_KINDS, type EntityKind, type SchemaVersion } from "../../../schema/index.js";
import { cascade, restoreAncestors, type Stores } from "../sync/cascade.js";
import type { SessionContext } from "./context.js";
import type { UnsyncedChange, WaitingChange } from "../errors.js";
import type { AuditResult } from "./audit.js";
import { EntityStore, type EntityStores } from "./entity-store.js";
import { startRun } from "./outbox.js";
import { cacheGate } from "./listener.js";
import { startLifecycleReconciler } from "../sync/reconcile.js";
import { entityLabel } from "./types.js";

export interface OpenOptions {
  /** the replica persists (a delta listener may start from a checkpoint) */
  persistent: boolean;
  auditConfirmMs: number;
  /** each kind's listener metadata, for the status */
  report(kind: EntityKind, fromCache: boolean, hasPendingWrites: boolean): void;
}

// the nine stores, one property per kind (made in the constructor, for the schema it is given)
export interface AccountStores extends EntityStores {}

export class AccountStores implements Stores {

  private stops: (() => void)[] = [];

  /** `schema`: the schema version this app was built with (schema/versions.ts) */
  constructor(readonly schema: SchemaVersion = CURRENT_SCHEMA) {
    for (const kind of ENTITY_KINDS) Object.defineProperty(this, kind, { value: new EntityStore(kind, schema), enumerable: true });
    for (const kind of ENTITY_KINDS) {
      const store = this.store(kind);
      store.onLifecycle = (k, id, deleted, group, deletion) => cascade(this, k, id, deleted, group, deletion);
      store.onRestore = (k, id) => restoreAncestors(this, k, id);
      store.rootExists = (id) => ENTITY_KINDS.some((k) => this.store(k).has(id));
    }
  }

  store<K extends EntityKind>(kind: K): EntityStore<K> {
    return (this as unknown as Stores)[kind] as EntityStore<K>;
  }

  /**
   * Starts every kind's listener and audit, and the checks across kinds. Resolves once every
   * kind's cached documents are shown, when the listeners start (see KindListener.start).
   */
  open(ctx: SessionContext, options: OpenOptions): Promise<void> {
    const run = startRun();
    const gate = cacheGate(ENTITY_KINDS.length);
    for (const kind of ENTITY_KINDS) {
      this.store(kind).open(ctx, { ...options, run, gate }, (fromCache, hasPendingWrites) => options.report(kind, fromCache, hasPendingWrites));
    }
    const revealImports = () => ENTITY_KINDS.forEach((k) => this.store(k).revealArrivedImports());
    this.stops = [startLifecycleReconciler(this, ctx.clock), ...ENTITY_KINDS.map((kind) => this.store(kind).onChange(revealImports)), () => run.close()];
    return gate.allShown;
  }

  close(): void {
    this.stops.forEach((stop) => stop());
    this.stops = [];
    for (const kind of ENTITY_KINDS) this.store(kind).close();
  }

  /** One audit pass per kind (see store/audit.ts). */
  audits(): (() => Promise<AuditResult>)[] {
    return ENTITY_KINDS.map((kind) => () => this.store(kind).audit());
  }

  /** Resolves once every write made so far is in the remote's queue. */
  async issued(): Promise<void> {
    await Promise.all(ENTITY_KINDS.map((kind) => this.store(kind).issued()));
  }

  /** The entities whose edits wait for a change of the rules or the app (see Entity.waiting). */
  waiting(): WaitingChange[] {
    return ENTITY_KINDS.flatMap((kind) =>
      this.store(kind)
        .waitingIds()
        .flatMap((id) => {
          const e = this.store(kind).get(id);
          return e?.waiting ? [{ kind, id, label: entityLabel(e), reason: e.waiting }] : [];
        }),
    );
  }

  /** Tries every waiting edit again now. */
  retryWaiting(): void {
    for (const kind of ENTITY_KINDS) this.store(kind).retryWaiting();
  }

  /** The entities with a local write the server has not acknowledged. */
  unsynced(): UnsyncedChange[] {
    return ENTITY_KINDS.flatMap((kind) =>
      this.store(kind)
        .list({ includeDeleted: true })
        .filter((e) => e.pending)
        .map((e) => ({ kind, id: e.id, label: entityLabel(e) })),
    );
  }
}
