// The owner of an account's nine stores and of the rules across kinds: deletes and
// restores cascade to children, restoring a child restores its deleted ancestors,
// lifecycles that crossed are reconciled, and an import's items stay hidden until its
// root has arrived. The client opens it with a session and closes it at the end.
import { ENTITY_KINDS, type EntityKind } from "../../../schema/index.js";
import { cascade, restoreAncestors, type Stores } from "../sync/cascade.js";
import type { SessionContext } from "./context.js";
import type { UnsyncedChange } from "../errors.js";
import type { AuditResult } from "./audit.js";
import { EntityStore } from "./entity-store.js";
import { startRun } from "./outbox.js";
import { startLifecycleReconciler } from "../sync/reconcile.js";
import { entityLabel } from "./types.js";

export interface OpenOptions {
  /** the replica persists (a delta listener may start from a checkpoint) */
  persistent: boolean;
  auditConfirmMs: number;
  /** each kind's listener metadata, for the status */
  report(kind: EntityKind, fromCache: boolean, hasPendingWrites: boolean): void;
}

export class AccountStores implements Stores {
  readonly collections = new EntityStore("collections");
  readonly folders = new EntityStore("folders");
  readonly requests = new EntityStore("requests");
  readonly responses = new EntityStore("responses");
  readonly headerPresets = new EntityStore("headerPresets");
  readonly environments = new EntityStore("environments");
  readonly environmentVariables = new EntityStore("environmentVariables");
  readonly globals = new EntityStore("globals");
  readonly runs = new EntityStore("runs");

  private stops: (() => void)[] = [];

  constructor() {
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

  /** Starts every kind's listener and audit, and the checks across kinds. */
  open(ctx: SessionContext, options: OpenOptions): void {
    const run = startRun();
    for (const kind of ENTITY_KINDS) {
      this.store(kind).open(ctx, { ...options, run }, (fromCache, hasPendingWrites) => options.report(kind, fromCache, hasPendingWrites));
    }
    const revealImports = () => ENTITY_KINDS.forEach((k) => this.store(k).revealArrivedImports());
    this.stops = [startLifecycleReconciler(this, ctx.clock), ...ENTITY_KINDS.map((kind) => this.store(kind).onChange(revealImports)), () => run.close()];
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
