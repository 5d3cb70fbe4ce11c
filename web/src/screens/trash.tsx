// The trash: what the user deleted, from every device. A folder's or environment's
// contents are listed with it (they went with it and come back with it), not one by one.
import { ENTITY_KINDS, IMPORT_GROUP_PREFIX, type EntityKind } from "@syncgate/client";
import { useEntities } from "@syncgate/client/react";
import { client } from "../firebase.js";
import { useNotices } from "../ui/actions.js";

const KIND_NAMES: Record<EntityKind, string> = {
  collections: "collection", folders: "folder", requests: "request", responses: "saved response", headerPresets: "header preset",
  environments: "environment", environmentVariables: "variable", globals: "global", runs: "run",
};

interface Deleted {
  kind: EntityKind;
  id: string;
  label: string;
  deletedWith: string | null;
}

/** Every kind's tombstones (one hook per kind, so a change of any kind redraws the list). */
function useDeleted(): Deleted[] {
  const lists = ENTITY_KINDS.map((kind) => [kind, useEntities(kind, { includeDeleted: true })] as const);
  return lists.flatMap(([kind, items]) =>
    items
      // as store.trash() does: not the remains of cancelled imports, which never showed
      .filter((e) => e.deleted && !String(e.deletedWith ?? "").startsWith(IMPORT_GROUP_PREFIX))
      .map((e) => {
        const fields = e as unknown as { name?: string; key?: string };
        return { kind, id: e.id, label: fields.name ?? fields.key ?? e.id, deletedWith: e.deletedWith ?? null };
      }),
  );
}

export function TrashScreen() {
  const deleted = useDeleted();
  const { run } = useNotices();
  // an item deleted with a group that was restored without it (it joined late) is listed on its own
  const roots = deleted.filter((d) => !d.deletedWith || !deleted.some((g) => g.id === d.deletedWith));
  const inside = (id: string) => deleted.filter((d) => d.deletedWith === id);
  return (
    <section>
      <h2>Trash</h2>
      <ul id="trash">
        {roots.map((d) => {
          const contents = inside(d.id);
          return (
            <li key={`${d.kind}:${d.id}`}>
              {d.label}{" "}
              <small>
                {KIND_NAMES[d.kind]}
                {contents.length ? `, with ${contents.length} item(s) inside` : ""}
              </small>{" "}
              <button data-restore={`${d.kind}:${d.id}`} onClick={() => void run(() => client[d.kind].restore(d.id))}>
                Restore
              </button>
              {contents.length > 0 && (
                <details>
                  <summary>What went with it</summary>
                  <ul>
                    {contents.map((c) => (
                      <li key={c.id}>
                        {c.label} <small>{KIND_NAMES[c.kind]}</small>
                      </li>
                    ))}
                  </ul>
                </details>
              )}
            </li>
          );
        })}
        {roots.length === 0 && <li className="empty">The trash is empty.</li>}
      </ul>
    </section>
  );
}
