// Deleting a collection, folder, request or environment takes its children along, marked
// `deletedWith` the deleted parent's id, so restoring the parent brings back exactly
// what went with it, on every device.
import type { EntityKind } from "../../../schema/index.js";
import type { EntityStore } from "./entity-store.js";

export type Stores = { readonly [K in EntityKind]: EntityStore<K> };
type Child = { kind: EntityKind; id: string };
export type Fields = Record<string, unknown> & { id: string; deleted: boolean; pending: boolean; deletedWith?: string | null; deletion?: string | null };

/** The parent of an entity, if its kind has one. */
export function parentOf(stores: Stores, kind: EntityKind, id: string): Child | undefined {
  const e = stores[kind].get(id) as unknown as Fields | undefined;
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
  const entity = parent && (stores[parent.kind].get(parent.id) as unknown as Fields | undefined);
  if (!parent || !entity) return;
  if (entity.deleted) stores[parent.kind].restore(parent.id);
  else restoreAncestors(stores, parent.kind, parent.id);
}

function children(stores: Stores, kind: EntityKind, id: string): Child[] {
  const all = { includeDeleted: true } as const;
  const of = <K extends EntityKind>(k: K, field: string) =>
    stores[k].list(all).filter((e) => (e as unknown as Record<string, unknown>)[field] === id).map((e) => ({ kind: k as EntityKind, id: e.id }));
  switch (kind) {
    case "collections":
      return [
        ...of("folders", "collectionId").filter((f) => stores.folders.get(f.id)?.parentFolderId === null),
        ...of("requests", "collectionId").filter((r) => stores.requests.get(r.id)?.folderId === null),
        ...of("runs", "collectionId"),
      ];
    case "folders":
      return [...of("folders", "parentFolderId"), ...of("requests", "folderId")];
    case "requests":
      return of("responses", "requestId");
    case "environments":
      return of("environmentVariables", "environmentId");
    default:
      return [];
  }
}

/** All descendants of an entity, depth first. */
export function descendants(stores: Stores, kind: EntityKind, id: string): Child[] {
  return children(stores, kind, id).flatMap((c) => [c, ...descendants(stores, c.kind, c.id)]);
}

/**
 * Carries a delete or restore of `kind/id` to its descendants, deepest first: the caller
 * writes the root after them, so no device sees a parent's new state before its children's.
 */
export function cascade(stores: Stores, kind: EntityKind, id: string, deleted: boolean, group: string, deletion: string | undefined): void {
  for (const child of descendants(stores, kind, id).reverse()) {
    const entity = stores[child.kind].get(child.id);
    if (!entity) continue;
    // delete what is live now; restore only what went with this parent
    const wentWithParent = (entity as unknown as { deletedWith?: string | null }).deletedWith === group;
    if (deleted ? !entity.deleted : entity.deleted && wentWithParent) stores[child.kind].setLifecycle(child.id, deleted, group, deletion);
  }
}
