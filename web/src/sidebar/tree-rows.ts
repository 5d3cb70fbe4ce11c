// The sidebar's tree as the flat list of rows it shows: collections, then folders and
// requests at any depth in their synced order, collapsed folders' contents left out, or,
// while searching, the matches with the folders around them. Pure, so the virtual list
// only ever renders what is on screen.
import { byOrder, type Entity } from "@syncgate/client";

export type TreeKind = "collections" | "folders" | "requests";

export interface TreeRow {
  kind: TreeKind;
  id: string;
  collectionId: string;
  /** the folder (or, at the top level, the collection) the row sits in */
  parentId: string | null;
  depth: number;
  name: string;
  method?: string;
  url?: string;
  /** folders and collections: whether anything is inside, and whether it is shown */
  hasChildren: boolean;
  expanded: boolean;
  pending: boolean;
  conflict: boolean;
}

export interface TreeData {
  collections: readonly Entity<"collections">[];
  folders: readonly Entity<"folders">[];
  requests: readonly Entity<"requests">[];
}

/** Collections start expanded and folders collapsed; `toggled` holds the ids the user flipped. */
export const isExpanded = (kind: TreeKind, id: string, toggled: ReadonlySet<string>) => (kind === "collections") !== toggled.has(id);

type Item = Entity<"folders"> | Entity<"requests">;
const isFolder = (i: Item): i is Entity<"folders"> => "parentFolderId" in i;

export function treeRows(data: TreeData, toggled: ReadonlySet<string>, query = ""): TreeRow[] {
  // children of each collection (key: its id) and folder, folders and requests sharing one order
  const children = new Map<string, Item[]>();
  const add = (parent: string, item: Item) => (children.get(parent) ?? children.set(parent, []).get(parent)!).push(item);
  for (const f of data.folders) add(f.parentFolderId ?? f.collectionId, f);
  for (const r of data.requests) add(r.folderId ?? r.collectionId, r);
  for (const list of children.values()) list.sort(byOrder);

  const needle = query.trim().toLowerCase();
  const matches = (i: Item) => i.name.toLowerCase().includes(needle) || (!isFolder(i) && i.url.raw.toLowerCase().includes(needle));
  // while searching: whether something below a collection or folder matches (once per node)
  const below = new Map<string, boolean>();
  const matchBelow = (id: string): boolean => {
    let found = below.get(id);
    if (found === undefined) below.set(id, (found = (children.get(id) ?? []).some(hit)));
    return found;
  };
  const hit = (i: Item): boolean => matches(i) || matchBelow(i.id);

  const rows: TreeRow[] = [];
  const walk = (collectionId: string, parent: string, depth: number) => {
    for (const item of children.get(parent) ?? []) {
      const folder = isFolder(item);
      if (needle && !hit(item)) continue;
      const inside = folder && (children.get(item.id)?.length ?? 0) > 0;
      // a search opens every folder on the way to a match
      const expanded = folder && (needle ? matchBelow(item.id) : isExpanded("folders", item.id, toggled));
      rows.push({
        kind: folder ? "folders" : "requests",
        id: item.id,
        collectionId,
        parentId: parent,
        depth,
        name: item.name,
        ...(folder ? {} : { method: item.method, url: item.url.raw }),
        hasChildren: inside,
        expanded: inside && expanded,
        pending: item.pending,
        conflict: Boolean(item.conflictOf),
      });
      if (folder && expanded) walk(collectionId, item.id, depth + 1);
    }
  };
  for (const c of [...data.collections].sort(byOrder)) {
    const own = needle && c.name.toLowerCase().includes(needle);
    if (needle && !own && !matchBelow(c.id)) continue;
    const expanded = needle ? true : isExpanded("collections", c.id, toggled);
    rows.push({ kind: "collections", id: c.id, collectionId: c.id, parentId: null, depth: 0, name: c.name, hasChildren: (children.get(c.id)?.length ?? 0) > 0, expanded, pending: c.pending, conflict: Boolean(c.conflictOf) });
    if (expanded) walk(c.id, c.id, 1);
  }
  return rows;
}

/** `toggled` with every folder and the collection around an item opened, so its row shows. */
export function revealed(data: TreeData, kind: TreeKind, id: string, toggled: ReadonlySet<string>): ReadonlySet<string> {
  const folder = (fid: string | null) => (fid ? data.folders.find((f) => f.id === fid) : undefined);
  const item = kind === "requests" ? data.requests.find((r) => r.id === id) : kind === "folders" ? folder(id) : undefined;
  if (!item) return toggled;
  const next = new Set(toggled);
  next.delete(item.collectionId);
  for (let f = folder("folderId" in item ? item.folderId : item.parentFolderId); f; f = folder(f.parentFolderId)) next.add(f.id);
  return next.size === toggled.size && [...next].every((t) => toggled.has(t)) ? toggled : next;
}

/** What a key does in the tree: the row to select, and whether to flip the row's expansion. */
export function treeKey(rows: readonly TreeRow[], selected: string | null, key: string): { select?: string; toggle?: string } {
  const at = rows.findIndex((r) => r.id === selected);
  const row = rows[at];
  const go = (i: number) => (rows[i] ? { select: rows[i].id } : {});
  switch (key) {
    case "ArrowDown":
      return go(at < 0 ? 0 : Math.min(rows.length - 1, at + 1));
    case "ArrowUp":
      return go(at < 0 ? 0 : Math.max(0, at - 1));
    case "Home":
      return go(0);
    case "End":
      return go(rows.length - 1);
    case "ArrowRight":
      if (!row?.hasChildren) return {};
      return row.expanded ? go(at + 1) : { toggle: row.id };
    case "ArrowLeft":
      if (!row) return {};
      if (row.hasChildren && row.expanded) return { toggle: row.id };
      return row.parentId ? { select: row.parentId } : {};
    default:
      return {};
  }
}
