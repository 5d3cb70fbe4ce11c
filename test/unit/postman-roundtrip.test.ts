// Import planning and export as pure functions, with Firestore's effect on maps simulated
// (keys come back sorted): the export is byte-for-byte the file after normalizing
// indentation, for the fixtures and for files with the traits real-world files showed.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { exportCollection, parseCollection, planCollectionImport } from "../../client/src/interop/collection.js";
import { exportEnvironment, exportGlobals, parseEnvironment, parseGlobals, planEnvironmentImport, planGlobalsImport } from "../../client/src/interop/environment.js";
import { exportRun, parseNewmanReport, planRunImport } from "../../client/src/interop/newman.js";
import { chunkText, type ImportPlan } from "../../client/src/interop/plan.js";
import { fold, unfold } from "../../client/src/util/firestore-depth.js";
import type { EntityData } from "../../schema/index.js";
import { deep, traits } from "../harness/postman-traits.js";

type Json = Record<string, unknown>;
const fixture = (name: string) => JSON.parse(readFileSync(`test/fixtures/postman/${name}`, "utf8")) as Json;

/** What a document looks like read back from Firestore: deep parts folded and unfolded, map keys in another order. */
const stored = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(stored) : v && typeof v === "object" ? Object.fromEntries(Object.keys(v).sort().reverse().map((k) => [k, stored((v as Json)[k])])) : v;
const roundTrip = (data: Json) => stored(unfold(JSON.parse(JSON.stringify(fold(data))))) as Json;

function entities(plan: ImportPlan, kind: string) {
  return plan.entities.filter((e) => e.kind === kind).map((e) => ({ ...roundTrip(e.data), id: e.id })) as never[];
}

function collectionRoundTrip(file: Json): string {
  const { plan, collectionId } = planCollectionImport(parseCollection(JSON.stringify(file)));
  const out = exportCollection({
    collection: entities(plan, "collections").find((c: { id: string }) => c.id === collectionId)!,
    folders: entities(plan, "folders"),
    requests: entities(plan, "requests"),
    responses: entities(plan, "responses"),
    bodyOf: (r) => r.body,
  });
  return JSON.stringify(out, null, 2);
}

describe("collections", () => {
  it.each(["shop-v2.1.json", "legacy-v2.0.json"])("%s exports byte-for-byte", (name) => {
    const file = fixture(name);
    expect(collectionRoundTrip(file)).toBe(JSON.stringify(file, null, 2));
  });

  it("values Postman's schema allows and ours does not type (string responseTime, empty and 600-character names, a null header list, a header string, 1,001 headers, an object description, 25 levels of nesting) import and export byte-for-byte", () => {
    expect(collectionRoundTrip(traits)).toBe(JSON.stringify(traits, null, 2));
  });

  it("the app still sees what fits: a long name shortened, an empty one as (unnamed), the number responseTime typed", () => {
    const { plan } = planCollectionImport(parseCollection(traits));
    const names = plan.entities.map((e) => e.data["name"] as string);
    expect(names).toContain("(unnamed)");
    expect(names.find((n) => n.startsWith("RRR"))).toHaveLength(512);
    const responses = plan.entities.filter((e) => e.kind === "responses");
    expect(responses.map((r) => r.data["responseTime"])).toEqual([undefined, 12]);
  });
});

describe("environments, globals and newman reports", () => {
  const big = "x".repeat(120_000);
  it("a 120,000-character value imports and exports whole, in the file's key order", () => {
    const globals = { values: [{ value: big, key: "script", enabled: true, type: "default" }], _postman_variable_scope: "globals" };
    const plan = planGlobalsImport(parseGlobals(globals));
    expect(JSON.stringify(exportGlobals(entities(plan, "globals")), null, 2)).toBe(JSON.stringify(globals, null, 2));
    const env = { id: "env-1", values: [{ type: "default", key: "k", value: big, enabled: true }], name: "Big" };
    const planned = planEnvironmentImport(parseEnvironment(env));
    const [environment] = entities(planned.plan, "environments") as EntityData<"environments">[];
    expect(JSON.stringify(exportEnvironment(environment!, entities(planned.plan, "environmentVariables")), null, 2)).toBe(JSON.stringify(env, null, 2));
  });

  it("a value over 256,000 characters goes to chunks, as long bodies do, and exports whole", () => {
    const long = "ab".repeat(250_000);
    const globals = { values: [{ key: "script", value: long, enabled: true }, { key: "json", value: { list: [long] } }], _postman_variable_scope: "globals" };
    const plan = planGlobalsImport(parseGlobals(globals));
    const [script, json] = entities(plan, "globals") as (EntityData<"globals"> & { id: string })[];
    expect(script).toMatchObject({ initialValue: "", initialValueBlob: { chunks: 3, chars: 500_000 } });
    expect(json!.initialValueBlob).toBeTruthy();
    expect(plan.chunks.filter((c) => c.data["ownerId"] === script!.id).map((c) => c.data["ownerKind"])).toEqual(["globals", "globals", "globals"]);
    const inChunks = new Map([script!, json!].map((g) => [g.initialValueBlob!.id, chunkText(plan.chunks.filter((c) => c.data["blobId"] === g.initialValueBlob!.id))]));
    expect(JSON.stringify(exportGlobals([script!, json!], inChunks), null, 2)).toBe(JSON.stringify(globals, null, 2));
    // an export never writes an empty value for chunks it did not read
    expect(() => exportGlobals([script!])).toThrow(/in chunks that were not read/);

    const env = { id: "env-1", name: "Big", values: [{ key: "k", value: long, enabled: true }] };
    const planned = planEnvironmentImport(parseEnvironment(env));
    const [environment] = entities(planned.plan, "environments") as EntityData<"environments">[];
    const variables = entities(planned.plan, "environmentVariables") as EntityData<"environmentVariables">[];
    const texts = new Map([[variables[0]!.initialValueBlob!.id, chunkText(planned.plan.chunks)]]);
    expect(JSON.stringify(exportEnvironment(environment!, variables, texts), null, 2)).toBe(JSON.stringify(env, null, 2));
  });

  it("a secret value too long to store encrypted (secrets never go to chunks) is refused in the file's words", () => {
    const secret = { values: [{ key: "k", value: "x".repeat(200_000), type: "secret" }] };
    expect(() => planGlobalsImport(parseGlobals(secret))).toThrow(/^values\[0\]\.value: too long to store encrypted/);
  });

  it("a newman report whose embedded collection nests 25 levels deep round-trips", () => {
    const report = fixture("newman-report.json") as Json & { collection: Json };
    report.collection = { ...report.collection, "x-deep": deep(25) };
    const { plan } = planRunImport(parseNewmanReport(report), "c1");
    const [run] = entities(plan, "runs") as (EntityData<"runs"> & { id: string })[];
    expect(JSON.stringify(exportRun(run!, run!.results ?? []), null, 2)).toBe(JSON.stringify(report, null, 2));
  });
});

describe("fields of a newer schema version", () => {
  const newer = { schemaVersion: 2, summary: "Signs in", timeoutMs: 5_000 };
  const withNewer = <T>(items: T[]) => items.map((e) => ({ ...e, ...newer }));

  it("an export carries the fields it has no place for under _syncgate, and an import keeps them there for the next export", () => {
    const { plan, collectionId } = planCollectionImport(parseCollection(fixture("shop-v2.1.json")));
    const snapshot = (p: ImportPlan, id: string, add: <T>(items: T[]) => T[]) => ({
      collection: add(entities(p, "collections")).find((c: { id: string }) => c.id === id)!,
      folders: add(entities(p, "folders")),
      requests: add(entities(p, "requests")),
      responses: add(entities(p, "responses")),
      bodyOf: (r: { body?: string | null }) => r.body,
    });
    const file = exportCollection(snapshot(plan, collectionId, withNewer)) as Json & { item: Json[] };
    expect(file["_syncgate"]).toEqual(newer);
    const carriedOf = (items: Json[]): unknown[] => items.flatMap((i) => [i["_syncgate"], ...carriedOf((i["item"] as Json[] | undefined) ?? []), ...((i["response"] as Json[] | undefined) ?? []).map((r) => r["_syncgate"])]);
    const all = carriedOf(file.item);
    expect(all.length).toBeGreaterThan(3);
    expect(all.every((c) => JSON.stringify(c) === JSON.stringify(newer))).toBe(true);
    // an app that does not know them imports the file and exports it again: the same file
    const again = planCollectionImport(parseCollection(JSON.stringify(file)));
    expect(JSON.stringify(exportCollection(snapshot(again.plan, again.collectionId, (x) => x)), null, 2)).toBe(JSON.stringify(file, null, 2));
    // the current version's own fields are never carried
    expect(JSON.stringify(exportCollection(snapshot(plan, collectionId, (x) => x)))).not.toContain("_syncgate");
  });

  it("environments, their variables and globals carry them too", () => {
    const env = { id: "env-1", name: "Staging", values: [{ key: "k", value: "v", enabled: true }] };
    const planned = planEnvironmentImport(parseEnvironment(env));
    const [environment] = withNewer(entities(planned.plan, "environments")) as EntityData<"environments">[];
    const exported = exportEnvironment(environment!, withNewer(entities(planned.plan, "environmentVariables")));
    expect(exported).toMatchObject({ _syncgate: newer, values: [{ key: "k", _syncgate: newer }] });
    const globals = exportGlobals(withNewer(entities(planGlobalsImport(parseGlobals({ values: [{ key: "g", value: "1" }] })), "globals")));
    expect(globals).toMatchObject({ values: [{ key: "g", _syncgate: newer }] });
  });
});
