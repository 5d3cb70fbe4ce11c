// What a delete or restore carries along, planned over plain lists (the emulator tier,
// test/client/convergence.test.ts, drives it through real devices).
import { describe, expect, it } from "vitest";
import { ENTITY_KINDS, type EntityKind } from "../../schema/index.js";
import { descendants, type ReadableStores } from "../../client/src/sync/cascade.js";

type Row = Record<string, unknown> & { id: string };

/** Stores over plain rows, counting how often a kind is listed. */
function stores(rows: Partial<Record<EntityKind, Row[]>>) {
  const lists = { count: 0 };
  const readable = Object.fromEntries(
    ENTITY_KINDS.map((kind) => {
      const byId = new Map((rows[kind] ?? []).map((r) => [r.id, { deleted: false, ...r }]));
      return [kind, { get: (id: string) => byId.get(id), list: () => (lists.count++, [...byId.values()]) }];
    }),
  ) as unknown as ReadableStores;
  return { readable, lists };
}

/** A collection of `folders` folders, each with `perFolder` requests of one saved response each, and a request at its root. */
function collection(folders: number, perFolder: number) {
  const rows: Partial<Record<EntityKind, Row[]>> = { collections: [{ id: "c" }], folders: [], requests: [{ id: "root-r", collectionId: "c", folderId: null }], responses: [], runs: [{ id: "run", collectionId: "c" }] };
  for (let f = 0; f < folders; f++) {
    rows.folders!.push({ id: `f${f}`, collectionId: "c", parentFolderId: f % 2 === 1 ? `f${f - 1}` : null });
    for (let r = 0; r < perFolder; r++) {
      rows.requests!.push({ id: `f${f}r${r}`, collectionId: "c", folderId: `f${f}` });
      rows.responses!.push({ id: `f${f}r${r}x`, requestId: `f${f}r${r}` });
    }
  }
  return rows;
}

describe("descendants", () => {
  it("an entity's whole subtree, each child under its nearest parent (a nested folder under its folder, not the collection)", () => {
    const { readable } = stores(collection(2, 1));
    const ids = (kind: EntityKind, id: string) => descendants(readable, kind, id).map((c) => `${c.kind}/${c.id}`);
    expect(ids("folders", "f0")).toEqual(["folders/f1", "requests/f1r0", "responses/f1r0x", "requests/f0r0", "responses/f0r0x"]);
    expect(ids("collections", "c").sort()).toEqual(
      ["folders/f0", "folders/f1", "requests/f0r0", "requests/f1r0", "requests/root-r", "responses/f0r0x", "responses/f1r0x", "runs/run"].sort(),
    );
    expect(ids("requests", "f1r0")).toEqual(["responses/f1r0x"]);
    expect(ids("environments", "none")).toEqual([]);
  });

  it("takes one pass over each child kind, however many nodes the subtree has (it used to list a kind per node)", () => {
    const { readable, lists } = stores(collection(20, 100));
    const found = descendants(readable, "collections", "c");
    expect(found).toHaveLength(20 + 20 * 100 * 2 + 1 + 1);
    expect(new Set(found.map((c) => c.id)).size).toBe(found.length);
    expect(lists.count).toBe(5); // the five kinds that have a parent
  });
});
