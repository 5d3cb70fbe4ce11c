// firestore.indexes.json holds, for every entity kind, the composite indexes production
// needs (the emulator does not check them): the trash purge's collection-group query on
// (deleted, updatedAt), and the client audit's sum of rev over an updatedAt range.
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { ENTITY_KINDS, UNINDEXED_FIELDS } from "../../schema/index.js";
import { EXPIRING } from "../../functions/src/sweeps/expired.js";

interface Index {
  collectionGroup: string;
  queryScope: string;
  fields: { fieldPath: string; order: string }[];
}

it("every entity kind has the purge's and the audit's composite indexes", () => {
  const { indexes } = JSON.parse(readFileSync("firestore.indexes.json", "utf8")) as { indexes: Index[] };
  const has = (kind: string, scope: string, fields: string[]) =>
    indexes.some((i) => i.collectionGroup === kind && i.queryScope === scope && i.fields.map((f) => f.fieldPath).join() === fields.join());
  for (const kind of ENTITY_KINDS) {
    expect(has(kind, "COLLECTION_GROUP", ["deleted", "updatedAt"]), `${kind}: purge index`).toBe(true);
    expect(has(kind, "COLLECTION", ["updatedAt", "rev"]), `${kind}: audit index`).toBe(true);
  }
});

it("every collection whose documents expire has a TTL policy on expiresAt, and the index the emulator's sweep queries", () => {
  const { fieldOverrides } = JSON.parse(readFileSync("firestore.indexes.json", "utf8")) as {
    fieldOverrides: { collectionGroup: string; fieldPath: string; ttl?: boolean; indexes: { queryScope: string }[] }[];
  };
  for (const group of EXPIRING) {
    const override = fieldOverrides.find((o) => o.collectionGroup === group && o.fieldPath === "expiresAt");
    expect(override?.ttl, `${group}: TTL on expiresAt`).toBe(true);
    expect(override?.indexes.some((i) => i.queryScope === "COLLECTION_GROUP"), `${group}: collection-group index`).toBe(true);
  }
});

it("the free-form fields are exempt from single-field indexes, as schema/ lists them, and nothing queried is", () => {
  const { fieldOverrides } = JSON.parse(readFileSync("firestore.indexes.json", "utf8")) as { fieldOverrides: { collectionGroup: string; fieldPath: string; indexes: unknown[] }[] };
  const exempt = fieldOverrides.filter((o) => o.indexes.length === 0).map((o) => `${o.collectionGroup}.${o.fieldPath}`).sort();
  expect(exempt).toEqual(Object.entries(UNINDEXED_FIELDS).flatMap(([kind, fields]) => fields.map((f) => `${kind}.${f}`)).sort());
  const queried = ["updatedAt", "rev", "deleted", "importedWith", "collectionId", "folderId", "parentFolderId", "requestId", "environmentId", "runId", "order", "key", "name"];
  for (const fields of Object.values(UNINDEXED_FIELDS)) expect(fields.filter((f) => queried.includes(f))).toEqual([]);
  expect(exempt.length).toBeLessThanOrEqual(200); // Firestore's limit of single-field exemptions
});
