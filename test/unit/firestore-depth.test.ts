// Folding subtrees too deep for Firestore (20 levels of maps and arrays) and unfolding them.
import { describe, expect, it } from "vitest";
import { fold, FOLD_DEPTH, FIRESTORE_MAX_DEPTH, nestingDepth, unfold } from "../../client/src/util/firestore-depth.js";
import { ENTITY_KINDS, UNINDEXED_FIELDS } from "../../schema/index.js";
import { heaviestData } from "../harness/factories.js";

const nested = (levels: number): unknown => {
  let v: unknown = { leaf: "x" };
  for (let i = 1; i < levels; i++) v = i % 2 ? [v] : { down: v };
  return v;
};

describe("fold and unfold", () => {
  it.each([1, 5, FOLD_DEPTH, 21, 40, 500])("a document nesting %i levels round-trips and stays within Firestore's limit", (levels) => {
    const doc = { name: "x", extra: nested(levels) };
    const folded = fold(doc);
    expect(nestingDepth(folded)).toBeLessThanOrEqual(FIRESTORE_MAX_DEPTH);
    expect(unfold(folded)).toEqual(doc);
  });

  it("leaves shallow documents as they are (the same objects)", () => {
    const doc = { a: { b: [1, 2, { c: null }] } };
    expect(fold(doc)).toEqual(doc);
    expect(unfold(doc)).toBe(doc);
  });

  it("copies only the branch that holds a folded part: its siblings stay the same objects", () => {
    const shallow = { headers: [{ key: "a", value: "b" }] };
    const doc = fold({ shallow, deep: nested(30) });
    const back = unfold(doc);
    expect(back).toEqual({ shallow, deep: nested(30) });
    expect(back.shallow).toBe(doc.shallow);
  });

  it("stripMeta drops the sync metadata and keeps the entity's own parts as they are", async () => {
    const { stripMeta } = await import("../../client/src/sync/metadata.js");
    const own = { name: "r", header: [{ key: "a" }] };
    const stripped = stripMeta({ ...own, rev: 3, deleted: false, updatedBy: "s", baseBy: "t", updatedAt: null });
    expect(stripped).toEqual(own);
    expect(stripped["header"]).toBe(own.header);
  });

  it("keeps scalars and non-map objects (dates) untouched", () => {
    const when = new Date(0);
    expect(unfold(fold({ when, n: 1, s: "s", t: true, z: null }))).toEqual({ when, n: 1, s: "s", t: true, z: null });
  });
});

describe("storageProblem", () => {
  it("names documents over 1 MiB and passes ones under it", async () => {
    const { storageProblem } = await import("../../client/src/interop/firestore-limits.js");
    expect(storageProblem({ body: "x".repeat(900_000) })).toBeUndefined();
    expect(storageProblem({ body: "é".repeat(600_000) })).toMatch(/bytes as a Firestore document, most of it in body; the limit is 1 MiB/);
    expect(storageProblem({ deep: nested(30) })).toMatch(/nests \d+ levels deep/);
    expect(storageProblem(fold({ deep: nested(30) }))).toBeUndefined();
  });

  it("says where most of an oversized document sits, in the file's words", async () => {
    const { parseCollection, planCollectionImport } = await import("../../client/src/interop/collection.js");
    const big = "x".repeat(1_200_000);
    const file = (extra: Record<string, unknown>) => ({ info: { name: "c", schema: "https://schema.getpostman.com/json/collection/v2.1.0/collection.json" }, item: [], ...extra });
    expect(() => planCollectionImport(parseCollection(file({ variable: [{ key: "a", value: "1" }, { key: "big", value: big }] })))).toThrow(
      /^info: this part of the file is 1,200,\d{3} bytes as a Firestore document, most of it in variable\[1\]\.value; the limit is 1 MiB$/,
    );
    expect(() => planCollectionImport(parseCollection(file({ item: [{ name: "r", request: { url: "http://x", "x-blob": { data: big } } }] })))).toThrow(
      /^item\[0\] \(request "r"\): .* most of it in request\.x-blob\.data;/,
    );
  });

  it("counts index entries, leaving out the fields exempt from indexing", async () => {
    const { storageProblem, indexEntries } = await import("../../client/src/interop/firestore-limits.js");
    expect(indexEntries({ a: 1, b: [1, 2, 3], c: { d: "x" } })).toBe(2 + 2 + (2 + 3) + (2 + 2));
    const wide = Object.fromEntries(Array.from({ length: 25_000 }, (_, i) => [`k${i}`, i]));
    // 25,000 fields of a map Firestore indexes: past the limit; under `extra`, which it does not, fine
    expect(storageProblem({ name: "r", wide }, "requests")).toMatch(/would make 50,004 index entries; Firestore allows 40,000 per document/);
    expect(storageProblem({ name: "r", extra: wide }, "requests")).toBeUndefined();
  });

  it("the heaviest document of every kind makes few index entries: what can grow is exempt", async () => {
    const { indexEntries } = await import("../../client/src/interop/firestore-limits.js");
    for (const kind of ENTITY_KINDS) {
      const data = heaviestData(kind);
      const indexed = Object.entries(data).filter(([field]) => !UNINDEXED_FIELDS[kind].includes(field));
      expect(indexed.reduce((sum, [, v]) => sum + indexEntries(v), 0), kind).toBeLessThan(100);
    }
  });
});
