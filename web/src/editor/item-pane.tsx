// The main pane for what the sidebar selected: a collection or folder (rename, describe,
// add folders and requests inside, move, delete) or a request (the request editor).
import { byOrder, type Entity } from "@syncgate/client";
import { useEntity } from "@syncgate/client/react";
import { client } from "../firebase.js";
import type { Selection } from "../sidebar/sidebar.js";
import { useNotices } from "../ui/actions.js";
import { DraftForm } from "../ui/draft-form.js";
import { useDraft } from "../ui/use-draft.js";
import { RequestEditor } from "./request-editor.js";

type Container = Entity<"collections"> | Entity<"folders">;

/** The order after everything already at a level (folders and requests share one order). */
function nextOrder(collectionId: string, parent: string | null): number {
  const level = [...client.folders.list({ where: { collectionId, parentFolderId: parent } }), ...client.requests.list({ where: { collectionId, folderId: parent } })];
  return Math.max(0, ...level.map((i) => i.order ?? 0)) + 1;
}

/** Moves a folder or request one place up or down among the items of its kind at its level. */
export function shift(kind: "folders" | "requests", item: Entity<"folders"> | Entity<"requests">, by: -1 | 1): void {
  const siblings = (
    "parentFolderId" in item ? client.folders.list({ where: { collectionId: item.collectionId, parentFolderId: item.parentFolderId } }) : client.requests.list({ where: { collectionId: item.collectionId, folderId: item.folderId } })
  ).sort(byOrder);
  const at = siblings.findIndex((s) => s.id === item.id);
  if (by === -1 && at > 0) client[kind].move(item.id, siblings[at - 2]?.id ?? null);
  if (by === 1 && at < siblings.length - 1) client[kind].move(item.id, siblings[at + 1]!.id);
}

function ContainerPane({ kind, item, onSelect }: { kind: "collections" | "folders"; item: Container; onSelect: (s: Selection) => void }) {
  const { run, remove, onCreate } = useNotices();
  const draft = useDraft(item.id, item, (i) => ({ name: i.name, description: i.description ?? "" }));
  const collectionId = kind === "collections" ? item.id : (item as Entity<"folders">).collectionId;
  const parent = kind === "collections" ? null : item.id;
  const add = (what: "folders" | "requests") =>
    onCreate((field) => {
      const order = nextOrder(collectionId, parent);
      const name = field("name").value;
      const id =
        what === "folders"
          ? client.folders.create({ collectionId, parentFolderId: parent, name, order })
          : client.requests.create({ collectionId, folderId: parent, name, method: "GET", url: { raw: field("url").value }, headers: [], order });
      onSelect({ kind: what, id });
    });
  return (
    <section id={`${kind}-pane`}>
      <DraftForm name={`edit-${kind}`} draft={draft} save={() => client[kind].update(item.id, draft.changes())}>
        <input name="name" value={draft.value.name} onChange={(e) => draft.set({ name: e.target.value })} required />
        <textarea name="description" placeholder="description" rows={3} value={draft.value.description} onChange={(e) => draft.set({ description: e.target.value })} />
        <button disabled={!draft.dirty}>Save</button>
        {kind === "folders" && (
          <>
            <button type="button" title="move up" onClick={() => void run(() => shift("folders", item as Entity<"folders">, -1))}>
              ↑
            </button>
            <button type="button" title="move down" onClick={() => void run(() => shift("folders", item as Entity<"folders">, 1))}>
              ↓
            </button>
          </>
        )}
        <button type="button" className="danger" data-delete={kind} onClick={() => remove(kind, item.id, item.name)}>
          Delete
        </button>
      </DraftForm>
      <h3>Add inside</h3>
      <form name="new-folder" onSubmit={add("folders")}>
        <input name="name" placeholder="folder name" required />
        <button>Add folder</button>
      </form>
      <form name="new-request" onSubmit={add("requests")}>
        <input name="name" placeholder="request name" required />
        <input name="url" placeholder="url" defaultValue="https://api.test/" />
        <button>Add request</button>
      </form>
    </section>
  );
}

export function ItemPane({ selection, onSelect }: { selection: Selection | null; onSelect: (s: Selection) => void }) {
  const collection = useEntity("collections", selection?.kind === "collections" ? selection.id : null);
  const folder = useEntity("folders", selection?.kind === "folders" ? selection.id : null);
  const request = useEntity("requests", selection?.kind === "requests" ? selection.id : null);
  if (collection && !collection.deleted) return <ContainerPane key={collection.id} kind="collections" item={collection} onSelect={onSelect} />;
  if (folder && !folder.deleted) return <ContainerPane key={folder.id} kind="folders" item={folder} onSelect={onSelect} />;
  if (request && !request.deleted) return <RequestEditor key={request.id} request={request} />;
  return <p className="empty">Select a collection, folder or request in the sidebar.</p>;
}
