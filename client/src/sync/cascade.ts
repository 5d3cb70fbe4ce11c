// Deleting a collection, folder, request or environment takes its children along, marked
// `deletedWith` the deleted parent's id, so restoring the parent brings back exactly
// what went with it, on every device.
// Pure: the rules reach the stores through LifecycleStore, which store/entity-store.ts
// implements.
import type { EntityKind } from "../../../schema/index.js";

/** What the rules across kinds (cascades here, sync/reconcile.ts) need of one kind's store. */
export interface LifecycleStore {
  get(id: string): object | undefined;
  list(options: { includeDeleted: true }): { id: string }[];
  /** no write of the entity in flight on this device */
  settled(id: string): boolean;
  setLifecycle(id: string, deleted: boolean, group: string | null, deletion?: string): void;
  restore(id: string): void;
  onChange(listener: () => void): () => void;
}

export type Stores = { readonly [K in EntityKind]: LifecycleStore };
/** What planning a cascade reads of the stores (tests hand it plain lists). */
export type ReadableStores = { readonly [K in EntityKind]: Pick<LifecycleStore, "get" | "list"> };
type Child = { kind: EntityKind; id: string };
export type Fields = Record<string, unknown> & { id: string; deleted: boolean; pending: boolean; deletedWith?: string | null; deletion?: string | null };

/** The parent of an entity, if its kind has one. */
export function parentOf(stores: ReadableStores, kind: EntityKind, id: string): Child | undefined {
  const e = stores[kind].get(id) as Fields | undefined;
  if (!e) return undefined;
  const ref = (k: EntityKind, field: string) => (typeof e[field] === "string" ? { kind: k, id: e[field] as string } : undefined);
  switch (kind) {
    case "folders":
      return ref("folders", "parentFolderId") ?? ref("collections", "collectionId");
    case "requests":
      return ref("folders", "folderId") ?? ref("collections", "collectionId");
    case "responses":
      return ref("requests", "requestId");
    case "environmentVariables":
      return ref("environments", "environmentId");
    case "runs":
      return ref("collections", "collectionId");
    default:
      return undefined;
  }
}

/** Restoring an entity whose parent is in the trash brings the parent (and its group) back too. */
export function restoreAncestors(stores: Stores, kind: EntityKind, id: string): void {
  const parent = parentOf(stores, kind, id);
  const entity = parent && (stores[parent.kind].get(parent.id) as Fields | undefined);
  if (!parent || !entity) return;
  if (entity.deleted) stores[parent.kind].restore(parent.id);
  else restoreAncestors(stores, parent.kind, parent.id);
}

/** The kinds whose entities have a parent (see parentOf). */
export const CHILD_KINDS: readonly EntityKind[] = ["folders", "requests", "responses", "environmentVariables", "runs"];

/**
 * Every entity's children, keyed `kind/id` of the parent: one pass over the child kinds.
 * A cascade looks up the children of every node under its root, and a scan of a kind per
 * node made deleting a collection of 2,000 requests quadratic.
 */
function childrenIndex(stores: ReadableStores): Map<string, Child[]> {
  const index = new Map<string, Child[]>();
  for (const kind of CHILD_KINDS) {
    for (const e of stores[kind].list({ includeDeleted: true })) {
      const parent = parentOf(stores, kind, e.id);
      if (!parent) continue;
      const key = `${parent.kind}/${parent.id}`;
      index.set(key, [...(index.get(key) ?? []), { kind, id: e.id }]);
    }
  }
  return index;
}

/** All descendants of an entity, depth first. */
export function descendants(stores: ReadableStores, kind: EntityKind, id: string, index = childrenIndex(stores)): Child[] {
  return (index.get(`${kind}/${id}`) ?? []).flatMap((c) => [c, ...descendants(stores, c.kind, c.id, index)]);
}

/**
 * Carries a delete or restore of `kind/id` to its descendants, deepest first: the caller
 * writes the root after them, so no device sees a parent's new state before its children's.
 */
export function cascade(stores: Stores, kind: EntityKind, id: string, deleted: boolean, group: string, deletion: string | undefined): void {
  for (const child of descendants(stores, kind, id).reverse()) {
    const entity = stores[child.kind].get(child.id) as Fields | undefined;
    if (!entity) continue;
    // delete what is live now; restore only what went with this parent
    const wentWithParent = entity.deletedWith === group;
    if (deleted ? !entity.deleted : entity.deleted && wentWithParent) stores[child.kind].setLifecycle(child.id, deleted, group, deletion);
  }
}
