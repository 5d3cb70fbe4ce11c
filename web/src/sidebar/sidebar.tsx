// The sidebar: a new-collection form, search by name or URL, and the collection tree as
// a virtual list (only the rows on screen are in the DOM, so 2,000 requests scroll as
// smoothly as 20), with collapse and keyboard navigation (arrows, Home, End).
import { useEntities } from "@syncgate/client/react";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { client } from "../firebase.js";
import { useNotices } from "../ui/actions.js";
import { revealed, treeKey, treeRows, type TreeKind, type TreeRow } from "./tree-rows.js";

export interface Selection {
  kind: TreeKind;
  id: string;
}

const ROW_HEIGHT = 28;

function Row({ row, selected, onSelect, onToggle }: { row: TreeRow; selected: boolean; onSelect: () => void; onToggle: () => void }) {
  return (
    <div
      className={`row ${row.kind}${selected ? " selected" : ""}`}
      role="treeitem"
      aria-level={row.depth + 1}
      aria-selected={selected}
      aria-expanded={row.hasChildren ? row.expanded : undefined}
      data-row={row.kind}
      data-id={row.id}
      style={{ paddingLeft: 8 + row.depth * 16 }}
      onClick={onSelect}
    >
      <span
        className="twisty"
        onClick={(e) => {
          e.stopPropagation();
          onToggle();
        }}
      >
        {row.hasChildren ? (row.expanded ? "▾" : "▸") : ""}
      </span>
      {row.method && <b className={`method ${row.method}`}>{row.method}</b>}
      <span className="name" title={row.url ?? row.name}>
        {row.name}
      </span>
      {row.conflict && <span className="conflict">conflict copy</span>}
      {row.pending && <em className="pending-mark" title="not synced yet"> ●</em>}
    </div>
  );
}

export function Sidebar({ selection, onSelect }: { selection: Selection | null; onSelect: (s: Selection | null) => void }) {
  const collections = useEntities("collections");
  const folders = useEntities("folders");
  const requests = useEntities("requests");
  const { onCreate } = useNotices();
  const [query, setQuery] = useState("");
  const [toggled, setToggled] = useState<ReadonlySet<string>>(new Set());
  const rows = useMemo(() => treeRows({ collections, folders, requests }, toggled, query), [collections, folders, requests, toggled, query]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const toggle = (id: string) =>
    setToggled((t) => {
      const next = new Set(t);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  // a newly selected item (from a search, just created) gets its row shown; once: the user may close its folder again
  const data = useRef({ collections, folders, requests });
  data.current = { collections, folders, requests };
  useEffect(() => {
    if (selection) setToggled((t) => revealed(data.current, selection.kind, selection.id, t));
  }, [selection]);
  const selectedIndex = rows.findIndex((r) => r.id === selection?.id);
  useEffect(() => {
    if (selectedIndex >= 0) virtual.scrollToIndex(selectedIndex, { align: "auto" });
  }, [selectedIndex, virtual]);

  const onKey = (e: KeyboardEvent) => {
    const action = treeKey(rows, selection?.id ?? null, e.key);
    if (!action.select && !action.toggle) return;
    e.preventDefault();
    if (action.toggle) toggle(action.toggle);
    const row = rows.find((r) => r.id === action.select);
    if (row) onSelect({ kind: row.kind, id: row.id });
  };
  const addCollection = onCreate((field) => onSelect({ kind: "collections", id: client.collections.create({ name: field("name").value, order: Date.now() }) }));

  return (
    <aside className="sidebar">
      <form name="new-collection" onSubmit={addCollection}>
        <input name="name" placeholder="new collection" required />
        <button>Add</button>
      </form>
      <input type="search" name="search" placeholder="Search by name or URL" value={query} onChange={(e) => setQuery(e.target.value)} />
      <div id="tree" className="tree" role="tree" tabIndex={0} ref={scroller} onKeyDown={onKey}>
        {rows.length === 0 && <p className="empty">{query ? "Nothing matches." : "No collections yet: add one, or import a Postman file."}</p>}
        <div style={{ height: virtual.getTotalSize(), position: "relative" }}>
          {virtual.getVirtualItems().map((v) => {
            const row = rows[v.index]!;
            return (
              <div key={row.id} style={{ position: "absolute", top: 0, left: 0, right: 0, height: v.size, transform: `translateY(${v.start}px)` }}>
                <Row row={row} selected={row.id === selection?.id} onSelect={() => onSelect({ kind: row.kind, id: row.id })} onToggle={() => toggle(row.id)} />
              </div>
            );
          })}
        </div>
      </div>
      <small className="count">
        {requests.length.toLocaleString("en")} request(s) in {collections.length} collection(s)
      </small>
    </aside>
  );
}
