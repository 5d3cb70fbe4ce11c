// Collections as a tree: folders at any depth and requests, in their synced order;
// create, rename, move up/down, delete (folders take their contents to the trash), and
// a request editor. Conflict copies and not-yet-synced items are tagged.
import { byOrder, type Entity } from "@syncgate/client";
import { client } from "../firebase.js";
import { app, esc, field, h, messageLine, onClick, onSubmit, state } from "../ui.js";

type Item = Entity<"folders"> | Entity<"requests">;
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

export const tag = (e: { conflictOf?: string | null | undefined; pending: boolean }) =>
  `${e.conflictOf ? ' <span class="conflict">conflict copy</span>' : ""}${e.pending ? " <em>(not synced yet)</em>" : ""}`;

const foldersIn = (collectionId: string, parent: string | null) => client.folders.list({ where: { collectionId, parentFolderId: parent } });
const requestsIn = (collectionId: string, parent: string | null) => client.requests.list({ where: { collectionId, folderId: parent } });
/** Folders and requests of one level share one order, as in a Postman collection. */
const level = (collectionId: string, parent: string | null): Item[] => [...foldersIn(collectionId, parent), ...requestsIn(collectionId, parent)].sort(byOrder);
const nextOrder = (collectionId: string, parent: string | null) => Math.max(0, ...level(collectionId, parent).map((i) => i.order ?? 0)) + 1;

function folderPaths(collectionId: string, parent: string | null = null, prefix = ""): { id: string; path: string }[] {
  return foldersIn(collectionId, parent)
    .sort(byOrder)
    .flatMap((f) => [{ id: f.id, path: `${prefix}${f.name}` }, ...folderPaths(collectionId, f.id, `${prefix}${f.name} / `)]);
}

const isFolder = (i: Item): i is Entity<"folders"> => "parentFolderId" in i;
const controls = (kind: string, id: string) =>
  ` <span class="controls"><button data-up="${kind}:${id}" title="move up">↑</button><button data-down="${kind}:${id}" title="move down">↓</button><button data-rename="${kind}:${id}">Rename</button><button data-delete="${kind}:${id}">Delete</button></span>`;

function tree(collectionId: string, parent: string | null): string {
  return level(collectionId, parent)
    .map((i) =>
      isFolder(i)
        ? `<li class="folder" data-folder="${i.id}"><span class="name">▸ ${esc(i.name)}</span>${tag(i)}${controls("folders", i.id)}<ul>${tree(collectionId, i.id)}</ul></li>`
        : `<li data-request="${i.id}"><a href="#" data-open="${i.id}"><b>${esc(i.method)}</b> <span class="name">${esc(i.name)}</span></a>${tag(i)}${controls("requests", i.id)}</li>`,
    )
    .join("");
}

function requestEditor(id: string): string {
  const r = client.requests.get(id);
  if (!r) return "";
  const rawBody = !r.body || r.body.mode === "raw";
  return `<section id="request-editor"><h2>Request</h2>
    <form name="edit-request">
      <input name="name" value="${esc(r.name)}" required />
      <select name="method">${METHODS.map((m) => `<option${m === r.method ? " selected" : ""}>${m}</option>`).join("")}</select>
      <input name="url" value="${esc(r.url.raw)}" size="50" />
      <textarea name="body" rows="4" cols="60" placeholder="raw body"${rawBody ? "" : " disabled"}>${rawBody ? esc(r.body?.raw) : `(${esc(r.body?.mode)} body: kept as imported)`}</textarea>
      <button>Save</button> <button type="button" data-close="1">Close</button>
    </form></section>`;
}

/** Moves an item one place up or down among its own kind at its level. */
function shift(kind: "folders" | "requests", id: string, by: -1 | 1) {
  const item = client[kind].get(id)!;
  const parent = isFolder(item) ? item.parentFolderId : (item as Entity<"requests">).folderId;
  const siblings = (kind === "folders" ? foldersIn(item.collectionId, parent) : requestsIn(item.collectionId, parent)).sort(byOrder);
  const at = siblings.findIndex((s) => s.id === id);
  if (by === -1 && at > 0) client[kind].move(id, siblings[at - 2]?.id ?? null);
  if (by === 1 && at < siblings.length - 1) client[kind].move(id, siblings[at + 1]!.id);
}

export function collectionsScreen() {
  const collections = client.collections.list().sort(byOrder);
  if (!collections.some((c) => c.id === state.collection)) state.collection = collections[0]?.id ?? null;
  const selected = state.collection;
  const folderOptions = selected ? folderPaths(selected).map((f) => `<option value="${f.id}">${esc(f.path)}</option>`).join("") : "";
  app.replaceChildren(
    h(`
    <section><h2>Collections</h2>
      <ul id="collections">${collections
        .map((c) => `<li${c.id === selected ? ' class="selected"' : ""}><a href="#" data-collection="${c.id}">${esc(c.name)}</a>${tag(c)} <button data-rename="collections:${c.id}">Rename</button> <button data-delete="collections:${c.id}">Delete</button></li>`)
        .join("")}</ul>
      <form name="new-collection"><input name="name" placeholder="new collection" required /><button>Add</button></form>
    </section>
    ${
      selected
        ? `<section><h2>${esc(client.collections.get(selected)?.name)}</h2>
      <ul id="requests" class="tree">${tree(selected, null)}</ul>
      <form name="new-folder"><input name="name" placeholder="folder name" required /><select name="parent"><option value="">(top level)</option>${folderOptions}</select><button>Add folder</button></form>
      <form name="new-request"><input name="name" placeholder="request name" required /><input name="url" placeholder="url" value="https://api.test/" /><select name="parent"><option value="">(top level)</option>${folderOptions}</select><button>Add request</button></form>
    </section>`
        : ""
    }
    ${state.request ? requestEditor(state.request) : ""}
    ${messageLine()}`),
  );
  onClick("collection", (id) => void ((state.collection = id), (state.request = null)));
  onClick("open", (id) => void (state.request = id));
  onClick("close", () => void (state.request = null));
  onClick("delete", (target) => {
    const [kind, id] = target.split(":") as ["collections" | "folders" | "requests", string];
    client[kind].remove(id);
  });
  onClick("rename", (target) => {
    const [kind, id] = target.split(":") as ["collections" | "folders" | "requests", string];
    const name = prompt("New name", client[kind].get(id)?.name);
    if (name) client[kind].update(id, { name });
  });
  onClick("up", (target) => shift(...(target.split(":") as ["folders" | "requests", string]), -1));
  onClick("down", (target) => shift(...(target.split(":") as ["folders" | "requests", string]), 1));
  onSubmit("new-collection", (f) => void (state.collection = client.collections.create({ name: field(f, "name") })));
  onSubmit("new-folder", (f) => {
    const parent = field(f, "parent") || null;
    client.folders.create({ collectionId: selected!, parentFolderId: parent, name: field(f, "name"), order: nextOrder(selected!, parent) });
  });
  onSubmit("new-request", (f) => {
    const parent = field(f, "parent") || null;
    client.requests.create({ collectionId: selected!, folderId: parent, name: field(f, "name"), method: "GET", url: { raw: field(f, "url") }, headers: [], order: nextOrder(selected!, parent) });
  });
  onSubmit("edit-request", (f) => {
    const current = client.requests.get(state.request!)!;
    const url = field(f, "url");
    const raw = (f.elements.namedItem("body") as HTMLTextAreaElement).value;
    const editsRawBody = !current.body || current.body.mode === "raw";
    client.requests.update(current.id, {
      name: field(f, "name"),
      method: field(f, "method"),
      // the parsed parts of a URL follow its raw text: keep them only if it did not change
      url: url === current.url.raw ? current.url : { raw: url },
      ...(editsRawBody ? { body: raw ? { ...current.body, mode: "raw" as const, raw } : null } : {}),
    });
  });
}
