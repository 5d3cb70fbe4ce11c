// The in-memory view of one kind: documents as Firestore holds them locally (`raw`,
// secrets still encrypted) and as the app sees them (`items`), with watchers.
import type { EntityData, EntityKind } from "../../../schema/index.js";
import { deepEqual } from "../util/equal.js";
import type { ServerTime } from "../sync/remote.js";
import type { Version } from "../sync/write-state.js";
import type { Entity, ListOptions, Unsubscribe } from "./types.js";

interface Watcher<K extends EntityKind> {
  options: ListOptions<K>;
  callback: (items: Entity<K>[]) => void;
}

export class LiveView<K extends EntityKind> {
  readonly raw = new Map<string, Version>();
  private readonly items = new Map<string, Entity<K>>();
  private readonly watchers = new Set<Watcher<K>>();
  /** told of every change, without the cost of a list (for checks across kinds) */
  readonly changeListeners = new Set<() => void>();
  /** how many times a document was set or deleted: tells whether the view moved meanwhile */
  changes = 0;
  /** entities lists leave out (those of an import whose root has not arrived) */
  hide: ((e: Entity<K>) => boolean) | undefined;
  /** why a stored document is unsound, if it is (shown as `needsRepair`) */
  repairReason: ((raw: Version) => string | undefined) | undefined;
  /** why this app may not edit a stored document, if so (shown as `readOnly`) */
  readOnlyReason: ((raw: Version) => string | undefined) | undefined;
  /** the fields as this app shows them (an older document's brought up to its schema version, waiting edits on top) */
  present: ((id: string, fields: Record<string, unknown>) => Record<string, unknown>) | undefined;
  /** why this device's edits of a document wait, if they do (shown as `waiting`) */
  waitingReason: ((id: string) => string | undefined) | undefined;

  get(id: string): Entity<K> | undefined {
    return this.items.get(id);
  }

  fields(id: string): Record<string, unknown> | undefined {
    return this.items.get(id) as unknown as Record<string, unknown> | undefined;
  }

  list(options: ListOptions<K> = {}): Entity<K>[] {
    const where = Object.entries(options.where ?? {});
    return [...this.items.values()].filter(
      (e) => (options.includeDeleted || !e.deleted) && !this.hide?.(e) && where.every(([k, v]) => deepEqual((e as unknown as Record<string, unknown>)[k], v)),
    );
  }

  watch(callback: (items: Entity<K>[]) => void, options: ListOptions<K>): Unsubscribe {
    const watcher = { options, callback };
    this.watchers.add(watcher);
    callback(this.list(options));
    return () => this.watchers.delete(watcher);
  }

  /** Sets one document: its raw data and the decoded fields the app sees. */
  set(id: string, raw: Version, fields: Record<string, unknown>, pending: boolean): void {
    this.changes++;
    this.raw.set(id, raw);
    const needsRepair = this.repairReason?.(raw);
    const readOnly = this.readOnlyReason?.(raw);
    const waiting = this.waitingReason?.(id);
    this.items.set(id, {
      ...(needsRepair ? { needsRepair } : {}),
      ...(readOnly ? { readOnly } : {}),
      ...(waiting ? { waiting } : {}),
      ...((this.present?.(id, fields) ?? fields) as EntityData<K>),
      id,
      rev: raw["rev"] as number,
      updatedAt: (raw["updatedAt"] as ServerTime | null | undefined)?.toDate?.() ?? this.items.get(id)?.updatedAt ?? null,
      updatedBy: raw["updatedBy"] as string,
      deleted: raw["deleted"] === true,
      pending: pending || waiting !== undefined,
    } as Entity<K>);
  }

  delete(id: string): void {
    this.changes++;
    this.raw.delete(id);
    this.items.delete(id);
  }

  /** Whether some entity shows a local write not yet acknowledged. */
  anyPending(): boolean {
    // (a waiting edit is not in flight: the rules refused it, and it waits for their change)
    for (const e of this.items.values()) if (e.pending && !e.waiting) return true;
    return false;
  }

  clear(): void {
    this.changes++;
    this.raw.clear();
    this.items.clear();
    this.notify();
  }

  notify(): void {
    for (const w of [...this.watchers]) w.callback(this.list(w.options));
    for (const listener of [...this.changeListeners]) listener();
  }
}
