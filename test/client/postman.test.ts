// Postman interop against the emulators: fixtures covering the format round-trip
// losslessly, sync to a second device, are accepted by Postman's own library; bad files
// and cancelled imports write nothing visible.
import { readFileSync } from "node:fs";
import { Collection } from "postman-collection";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { AlreadyImportedError, ImportCancelledError, ImportError, ValidationError, type SyncClient } from "../../client/src/index.js";
import { traits } from "../harness/postman-traits.js";
import { closeAdmins } from "../harness/admin.js";
import { deepEqual } from "../../client/src/util/equal.js";
import { ClientFleet, functionsAdmin, newAccount, watchUntil } from "../harness/clients.js";
import { waitUntil } from "../harness/wait.js";

const fleet = new ClientFleet();
afterEach(() => fleet.closeAll());
afterAll(closeAdmins);

/** A document as JSON text with normalized indentation: exports must equal the file byte for byte. */
const text = (doc: unknown) => JSON.stringify(doc, null, 2);
const fixture = (name: string) => JSON.parse(readFileSync(`test/fixtures/postman/${name}`, "utf8")) as Record<string, unknown>;

async function signedIn(...names: string[]): Promise<{ uid: string; clients: SyncClient[] }> {
  const user = await newAccount();
  const clients: SyncClient[] = [];
  for (const name of names) {
    const c = await fleet.start({ name });
    await c.signIn({ identifier: user.email, password: user.password });
    clients.push(c);
  }
  return { uid: user.uid, clients };
}

const documentsUnder = async (uid: string) => {
  let n = 0;
  for (const sub of await functionsAdmin().db.doc(`users/${uid}`).listCollections()) if (sub.id !== "sessions") n += (await sub.get()).size;
  return n;
};

describe("collections", () => {
  it.each(["shop-v2.1.json", "legacy-v2.0.json"])("%s: import then export gives the same document, on this and another device", async (file) => {
    const input = fixture(file);
    const { clients: [a, b] } = await signedIn("A", "B");
    const progress: number[] = [];
    const { id } = await a!.postman.importCollection(JSON.stringify(input), { onProgress: (p) => progress.push(p.done / p.total) });
    expect(progress[progress.length - 1]).toBe(1);
    expect(progress).toEqual([...progress].sort((x, y) => x - y));
    await a!.awaitInSync();
    expect(text(await a!.postman.exportCollection(id!))).toBe(text(input));
    // each kind has its own listener: the children may arrive on B after the collection;
    // B's copy came through Firestore, which keeps no key order: the export still has the file's
    await waitUntil("B to hold the whole collection", async () => b!.collections.get(id!) && deepEqual(await b!.postman.exportCollection(id!), input));
    expect(text(await b!.postman.exportCollection(id!))).toBe(text(input));
  });

  it("an export is accepted by Postman's own postman-collection library", async () => {
    const { clients: [a] } = await signedIn("A");
    const { id } = await a!.postman.importCollection(fixture("shop-v2.1.json"));
    const exported = new Collection(await a!.postman.exportCollection(id!));
    const names: string[] = [];
    exported.forEachItem((item: { name: string }) => names.push(item.name));
    expect(names).toEqual(["Login", "Refresh (form)", "Upload image", "Raw file", "Search (GraphQL)", "Health", "Custom method, no body", "Root level request"]);
    expect(exported.variables.get("base")).toBe("https://api.test");
  });

  it("a saved response over 1 MiB goes to chunks and comes back whole", async () => {
    const input = fixture("shop-v2.1.json");
    const body = JSON.stringify({ items: Array.from({ length: 30_000 }, (_, i) => ({ id: i, name: `Product ${i} ✓` })) });
    expect(body.length).toBeGreaterThan(1_048_576);
    const login = ((input["item"] as Record<string, unknown>[])[0]!["item"] as Record<string, unknown>[])[0]!;
    (login["response"] as Record<string, unknown>[])[0]!["body"] = body;
    const { uid, clients: [a, b] } = await signedIn("A", "B");
    const { id } = await a!.postman.importCollection(input);
    const chunks = await functionsAdmin().db.collection(`users/${uid}/chunks`).get();
    expect(chunks.size).toBe(Math.ceil(body.length / 200_000));
    await watchUntil(b!.responses, "responses on B", (xs) => xs.length === 2);
    expect(await b!.postman.exportCollection(id!)).toEqual(input);
  });
});

describe("bad files write nothing", () => {
  const shop = () => fixture("shop-v2.1.json");
  const cases: [string, unknown, RegExp][] = [
    ["malformed JSON", "{ not json", /not valid JSON/],
    ["a truncated file", JSON.stringify(shop()).slice(0, 500), /not valid JSON at character 500 of 500; the file seems cut short/],
    ["a v1 collection", { id: "x", name: "Old", requests: [] }, /Collection v1 file, which syncgate does not import: .*export the collection again as Collection v2\.1/],
    ["an unknown schema version", { ...shop(), info: { name: "X", schema: "https://schema.getpostman.com/json/collection/v3.0.0/collection.json" } }, /^info\.schema: .*v2\.0 and v2\.1/],
    ["an item with a bad body mode", { ...shop(), item: [{ name: "R", request: { method: "GET", url: "x", body: { mode: "telepathy" } } }] }, /^item\[0\]\.request/],
    ["a binary file", "\u0000\u0001\u0002PNG\r\n\u001a\u0000\u0000\u0000IHDR", /^this is not a text \(JSON\) file/],
    ["a request over Firestore's 1 MiB document size", { ...shop(), item: [{ name: "R", request: { method: "GET", url: "x", "x-blob": "é".repeat(600_000) } }] }, /^item\[0\] \(request "R"\): this part of the file is [\d,]+ bytes as a Firestore document, most of it in request\.x-blob; the limit is 1 MiB/],
  ];
  it.each(cases)("%s gets a clear ImportError and nothing is written", async (_name, input, message) => {
    const { uid, clients: [a] } = await signedIn("A");
    a!.environments.create({ name: "Existing" });
    await a!.awaitInSync();
    const before = await documentsUnder(uid);
    const error = await a!.postman.importCollection(input).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).message).toMatch(message);
    expect(await documentsUnder(uid)).toBe(before);
    expect(a!.environments.list().map((e) => e.name)).toEqual(["Existing"]);
  });

  it("a cancelled import leaves nothing visible: not in the lists, not in the trash", async () => {
    const input = fixture("shop-v2.1.json");
    input["item"] = Array.from({ length: 900 }, (_, i) => ({ name: `R${i}`, request: { method: "GET", url: `https://x.test/${i}` }, response: [] }));
    const { clients: [a, b] } = await signedIn("A", "B");
    const controller = new AbortController();
    const error = await a!.postman
      .importCollection(input, { signal: controller.signal, onProgress: (p) => p.done > 0 && controller.abort() })
      .then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ImportCancelledError);
    for (const c of [a!, b!]) {
      // the rollback reaches the other device as ordinary changes
      await watchUntil(c.requests, "the rollback", (xs) => xs.every((r) => r.deleted), { includeDeleted: true });
      expect(c.collections.list()).toEqual([]);
      expect(c.requests.list()).toEqual([]);
      expect(c.requests.trash()).toEqual([]);
    }
  });
});

describe("a crash mid-import", () => {
  it("shows nothing of the import on any device; the importing device's next session rolls it back", async () => {
    const input = fixture("shop-v2.1.json");
    input["item"] = Array.from({ length: 900 }, (_, i) => ({ name: `R${i}`, request: { method: "GET", url: `https://x.test/${i}` }, response: [] }));
    const user = await newAccount();
    const importer = await fleet.device({ name: "Importer", persistence: "indexeddb" });
    await importer.client.signIn({ identifier: user.email, password: user.password });
    const b = await fleet.start({ name: "B" });
    await b.signIn({ identifier: user.email, password: user.password });
    // The app dies after the first batch: its Firestore stops mid-import and no rollback
    // can be written (what a killed process or a closed tab leaves behind).
    let crash: Promise<SyncClient> | undefined;
    const outcome = await importer.client.postman
      .importCollection(input, { onProgress: (p) => void (p.done > 0 && (crash ??= importer.restart())) })
      .then(() => "completed", (e: Error) => e.message);
    expect(outcome).not.toBe("completed");
    const restarted = await crash!;
    const errors: string[] = [];
    restarted.onError((e) => errors.push(e.message));

    const { db } = functionsAdmin();
    const leftovers = (await db.collection(`users/${user.uid}/requests`).get()).docs;
    expect(leftovers.length).toBeGreaterThanOrEqual(300); // the first batch reached the server
    const root = leftovers[0]!.get("importedWith") as string;
    expect(leftovers.every((d) => d.get("importedWith") === root && d.get("deleted") === false)).toBe(true);
    expect((await db.doc(`users/${user.uid}/collections/${root}`).get()).exists).toBe(false);
    // the other device holds them, and shows none: their collection never arrived
    await waitUntil("B to receive the leftovers", () => leftovers.every((d) => b.requests.get(d.id) !== undefined));
    expect(b.requests.list()).toEqual([]);
    expect(b.folders.list()).toEqual([]);
    expect(b.requests.trash()).toEqual([]);

    // the importing app starts again (same storage and cache): it rolls back what it left
    await restarted.ready;
    await waitUntil("the leftovers tombstoned", async () => (await db.collection(`users/${user.uid}/requests`).where("deleted", "==", false).count().get()).data().count === 0, 45_000);
    expect(errors).toEqual([]);
    const after = (await db.collection(`users/${user.uid}/requests`).get()).docs;
    expect(after.every((d) => d.get("deletedWith") === `import:${root}`)).toBe(true);
    for (const c of [restarted, b]) {
      await c.awaitInSync(60_000);
      expect(c.requests.list()).toEqual([]);
      expect(c.requests.trash()).toEqual([]);
    }
    // nothing else was touched, and a new import works as before
    const { id } = await restarted.postman.importCollection(fixture("shop-v2.1.json"));
    await watchUntil(b.collections, "the new import on B", (xs) => xs.some((x) => x.id === id));
  }, 120_000);
});

describe("environments and globals", () => {
  it("round-trip, with secret values encrypted in Firestore", async () => {
    const env = fixture("staging.postman_environment.json");
    const globals = fixture("globals.json");
    const { uid, clients: [a, b] } = await signedIn("A", "B");
    const { id } = await a!.postman.importEnvironment(env);
    await a!.postman.importGlobals(globals);
    // imports write in batches; this device's own view follows through its listeners
    await watchUntil(a!.environmentVariables, "variables on A", (xs) => xs.length === 4 && xs.every((x) => !x.pending));
    await watchUntil(a!.globals, "globals on A", (xs) => xs.length === 2 && xs.every((x) => !x.pending));
    expect(await a!.postman.exportEnvironment(id!)).toEqual(env);
    expect(await a!.postman.exportGlobals()).toEqual(globals);
    const stored = await functionsAdmin().db.collection(`users/${uid}/environmentVariables`).where("key", "==", "password").get();
    expect(stored.docs[0]!.get("initialValue")).toMatch(/^sg1:/);
    await watchUntil(b!.environmentVariables, "variables on B", (xs) => xs.length === 4);
    await watchUntil(b!.globals, "globals on B", (xs) => xs.length === 2);
    expect(text(await b!.postman.exportEnvironment(id!))).toBe(text(env));
    await watchUntil(b!.globals, "globals on B settled", (xs) => xs.length === 2 && xs.every((x) => !x.pending));
    expect(text(await b!.postman.exportGlobals())).toBe(text(globals));
  });

  it("files with real-world traits (types only Postman's schema allows, 25 levels of nesting, a 120,000-character value) go through Firestore byte for byte", async () => {
    const { clients: [a, b] } = await signedIn("A", "B");
    const { id } = await a!.postman.importCollection(traits);
    const globals = { values: [{ value: "x".repeat(120_000), key: "minified", enabled: true }], _postman_variable_scope: "globals" };
    await a!.postman.importGlobals(globals);
    await waitUntil("B to hold the collection and the global", async () => !!b!.collections.get(id!) && b!.globals.list().length === 1 && deepEqual(await b!.postman.exportCollection(id!), traits));
    expect(text(await b!.postman.exportCollection(id!))).toBe(text(traits));
    expect(text(await b!.postman.exportGlobals())).toBe(text(globals));
  });
});

describe("variable values over 256,000 characters", () => {
  it("go to chunks, as long bodies do: another device exports them whole, reads them, and a new value replaces them", async () => {
    const { uid, clients: [a, b] } = await signedIn("A", "B");
    const long = "function(){return 1}; ".repeat(15_000); // 330,000 characters, a minified script
    const globals = { values: [{ key: "script", value: long, enabled: true }, { key: "short", value: "1", enabled: true }], _postman_variable_scope: "globals" };
    const env = { id: "env-long", name: "Long", values: [{ key: "script", value: long, enabled: true, type: "default" }] };
    await a!.postman.importGlobals(globals);
    const { id: envId } = await a!.postman.importEnvironment(env);
    const chunks = await functionsAdmin().db.collection(`users/${uid}/chunks`).get();
    expect(chunks.docs.map((c) => c.get("ownerKind")).sort()).toEqual(["environmentVariables", "environmentVariables", "globals", "globals"]);

    await watchUntil(b!.globals, "globals on B", (xs) => xs.length === 2 && xs.every((x) => !x.pending));
    await watchUntil(b!.environmentVariables, "the variable on B", (xs) => xs.length === 1);
    expect(text(await b!.postman.exportGlobals())).toBe(text(globals));
    expect(text(await b!.postman.exportEnvironment(envId!))).toBe(text(env));
    const script = b!.globals.list().find((g) => g.key === "script")!;
    expect(script).toMatchObject({ initialValue: "", initialValueBlob: { chars: long.length } });
    expect(await b!.readBlob(script.initialValueBlob!)).toBe(long);

    // the same file again changes nothing and writes no chunk; a new long value is stored anew
    expect(await a!.postman.importGlobals(globals)).toMatchObject({ added: 0, updated: 0 });
    const longer = `${long}// v2`;
    expect(await a!.postman.importGlobals({ ...globals, values: [{ ...globals.values[0]!, value: longer }, globals.values[1]!] })).toMatchObject({ added: 0, updated: 1 });
    await a!.awaitInSync();
    await waitUntil("B to export the new value", async () => text(await b!.postman.exportGlobals()).includes("// v2"));
    expect((await functionsAdmin().db.collection(`users/${uid}/chunks`).get()).size).toBe(6);

    // a secret cannot live in chunks (they hold plain text): refused before anything shows
    expect(() => b!.globals.update(script.id, { type: "secret" })).toThrow(ValidationError);
    expect(b!.globals.get(script.id)?.type).toBe("default");
    // an edit of the value replaces the chunks
    b!.globals.update(script.id, { initialValue: "short now" });
    await b!.awaitInSync();
    const stored = await functionsAdmin().db.doc(`users/${uid}/globals/${script.id}`).get();
    expect(stored.get("initialValueBlob")).toBeNull();
    await waitUntil("A to see the edit", () => a!.globals.get(script.id)?.initialValue === "short now");
    expect((await a!.postman.exportGlobals())["values"]).toEqual([{ key: "script", value: "short now", enabled: true }, globals.values[1]]);
  });
});

describe("importing the same file again", () => {
  it("globals merge by key: a second import adds nothing, a changed value is updated, a new key is added", async () => {
    const { clients: [a] } = await signedIn("A");
    const globals = fixture("globals.json") as { values: { key: string; value: string }[] };
    await a!.postman.importGlobals(globals);
    await a!.postman.importGlobals(globals);
    await watchUntil(a!.globals, "two globals", (xs) => xs.length === 2 && xs.every((x) => !x.pending));
    const changed = { ...globals, values: [{ ...globals.values[0]!, value: "new-tenant" }, ...globals.values.slice(1), { key: "added", value: "1" }] };
    const result = await a!.postman.importGlobals(changed);
    expect(result).toMatchObject({ added: 1, updated: 1 });
    await a!.awaitInSync();
    const list = a!.globals.list();
    expect(list).toHaveLength(3);
    expect(list.find((g) => g.key === globals.values[0]!.key)?.initialValue).toBe("new-tenant");
  });

  it("a collection imported before is refused unless the import says replace (old one to the trash) or copy", async () => {
    const { clients: [a] } = await signedIn("A");
    const { id: first } = await a!.postman.importCollection(fixture("shop-v2.1.json"));
    await a!.awaitInSync();
    const refused = await a!.postman.importCollection(fixture("shop-v2.1.json")).then(() => undefined, (e: unknown) => e);
    expect(refused).toBeInstanceOf(AlreadyImportedError);
    expect((refused as AlreadyImportedError).existing.map((e) => e.id)).toEqual([first]);
    expect(a!.collections.list()).toHaveLength(1);
    const { id: copy } = await a!.postman.importCollection(fixture("shop-v2.1.json"), { onExisting: "copy" });
    await watchUntil(a!.collections, "the copy", (xs) => xs.length === 2, {});
    const { id: replacement, replaced } = await a!.postman.importCollection(fixture("shop-v2.1.json"), { onExisting: "replace" });
    expect(replaced?.sort()).toEqual([first, copy].sort());
    await watchUntil(a!.collections, "only the replacement", (xs) => xs.length === 1 && xs[0]!.id === replacement, {});
    expect(a!.collections.trash().map((c) => c.id).sort()).toEqual([first, copy].sort());
  });

  it("so is a newman report of the same run", async () => {
    const { clients: [a] } = await signedIn("A");
    await a!.postman.importNewmanRun(fixture("newman-report.json"));
    await expect(a!.postman.importNewmanRun(fixture("newman-report.json"))).rejects.toBeInstanceOf(AlreadyImportedError);
    await a!.postman.importNewmanRun(fixture("newman-report.json"), { onExisting: "copy" });
    await watchUntil(a!.runs, "two runs", (xs) => xs.length === 2, {});
  });

  it("so is an environment with the same id", async () => {
    const { clients: [a] } = await signedIn("A");
    await a!.postman.importEnvironment(fixture("staging.postman_environment.json"));
    await expect(a!.postman.importEnvironment(fixture("staging.postman_environment.json"))).rejects.toBeInstanceOf(AlreadyImportedError);
    await a!.postman.importEnvironment(fixture("staging.postman_environment.json"), { onExisting: "replace" });
    await watchUntil(a!.environments, "one live environment", (xs) => xs.length === 1, {});
  });
});

describe("collection run results (newman JSON reporter)", () => {
  it("import links the run to its collection and exports the same report; large runs go to chunks", async () => {
    const { clients: [a, b] } = await signedIn("A", "B");
    const { id: collectionId } = await a!.postman.importCollection(fixture("shop-v2.1.json"));
    const report = fixture("newman-report.json");
    const { id } = await a!.postman.importNewmanRun(report);
    expect(a!.runs.get(id!)).toMatchObject({ collectionId, name: "Shop API", startedAt: 1764410000000, finishedAt: 1764410001234 });
    expect(await a!.postman.exportNewmanRun(id!)).toEqual(report);

    const big = structuredClone(report) as { run: { executions: unknown[]; timings: { started: number } } };
    big.run.timings.started += 60_000; // another run (the same run again would be refused: see "importing the same file again")
    const one = big.run.executions[0];
    big.run.executions = Array.from({ length: 3000 }, () => one);
    const { id: bigId } = await a!.postman.importNewmanRun(big);
    expect(a!.runs.get(bigId!)?.resultsBlob?.chunks).toBeGreaterThan(1);
    await watchUntil(b!.runs, "both runs on B", (xs) => xs.length === 2);
    expect(await b!.postman.exportNewmanRun(bigId!)).toEqual(big);
    await expect(a!.postman.importNewmanRun({ run: {} })).rejects.toThrow(ImportError);
  });
});

describe("large collections", () => {
  it("5,000 requests import in batches with progress and sync to a second device", async () => {
    const input = fixture("shop-v2.1.json");
    input["item"] = Array.from({ length: 50 }, (_, f) => ({
      name: `Folder ${f}`,
      item: Array.from({ length: 100 }, (_, r) => ({ name: `Request ${f}.${r}`, request: { method: "GET", url: `https://x.test/${f}/${r}`, header: [] }, response: [] })),
    }));
    const { clients: [a, b] } = await signedIn("A", "B");
    const steps: number[] = [];
    const { id, entities } = await a!.postman.importCollection(input, { onProgress: (p) => steps.push(p.done) });
    expect(entities).toBe(1 + 50 + 5000);
    expect(steps.length).toBeGreaterThan(10);
    await watchUntil(b!.requests, "5,000 requests on B", (xs) => xs.length === 5000, {}, 120_000);
    expect(await b!.postman.exportCollection(id!)).toEqual(input);
  }, 240_000);
});
