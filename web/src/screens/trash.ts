// The trash: what the user deleted (a folder's or environment's contents are listed with
// it, not one by one), from every device, each restorable with everything deleted with it.
import { ENTITY_KINDS, type EntityKind } from "@syncgate/client";
import { client } from "../firebase.js";
import { app, esc, h, onClick } from "../ui.js";

const label = (e: { name?: unknown; key?: unknown; id: string }) => String(e.name ?? e.key ?? e.id);
const KIND_NAMES: Record<EntityKind, string> = {
  collections: "collection", folders: "folder", requests: "request", responses: "saved response", headerPresets: "header preset",
  environments: "environment", environmentVariables: "variable", globals: "global", runs: "run",
};

export function trashScreen() {
  const deleted = ENTITY_KINDS.flatMap((kind) => client[kind].trash().map((e) => ({ kind, e: e as unknown as { id: string; name?: unknown; key?: unknown; deletedWith?: string | null } })));
  const groupSize = (id: string) => deleted.filter(({ e }) => e.deletedWith === id).length;
  // an item deleted with a group that was restored without it (it joined late) is listed on its own
  const roots = deleted.filter(({ e }) => !e.deletedWith || !deleted.some((d) => d.e.id === e.deletedWith));
  app.replaceChildren(
    h(`<section><h2>Trash</h2><ul id="trash">${
      roots
        .map(({ kind, e }) => {
          const inside = groupSize(e.id);
          return `<li>${esc(label(e))} <small>${KIND_NAMES[kind]}${inside ? `, with ${inside} item(s) inside` : ""}</small> <button data-restore="${kind}:${e.id}">Restore</button></li>`;
        })
        .join("") || "<li>empty</li>"
    }</ul></section>`),
  );
  onClick("restore", (target) => {
    const [kind, id] = target.split(":") as [EntityKind, string];
    client[kind].restore(id);
  });
}
