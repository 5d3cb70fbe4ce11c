// Apps of schema versions N and N+1 on one account, with the rules of N+1 deployed first
// (the documented order) and last (an app shipped before its rules): nothing is lost,
// nothing loops, an app never overwrites what it cannot read, and `migrate` brings every
// document to N+1. N+1 is made in the test (test/harness/next-schema.ts); N is the current
// schema, whose rules as shipped are frozen in test/fixtures/schema.
import { readFileSync } from "node:fs";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { CURRENT_SCHEMA, versionOf } from "../../schema/index.js";
import { NeedsRepairError, SyncGateError } from "../../client/src/index.js";
import { memoryStorage } from "../../client/src/util/storage.js";
import { frozenPath, generateRules } from "../../scripts/generate-rules.js";
import { migrateAccounts } from "../../scripts/migrate.js";
import { closeAdmins, loadRules } from "../harness/admin.js";
import { ClientFleet, functionsAdmin, newAccount, watchUntil } from "../harness/clients.js";
import { FUNCTIONS_PROJECT_ID } from "../harness/emulators.js";
import { entityData } from "../harness/factories.js";
import { NEXT_SCHEMA } from "../harness/next-schema.js";
import { waitUntil } from "../harness/wait.js";

const fleet = new ClientFleet();
afterEach(() => fleet.closeAll());
afterAll(async () => {
  await loadRules(FUNCTIONS_PROJECT_ID, readFileSync("firestore.rules", "utf8"));
  await closeAdmins();
});

const rulesOfN = () => loadRules(FUNCTIONS_PROJECT_ID, readFileSync(frozenPath(CURRENT_SCHEMA.version, "rules"), "utf8"));
const rulesOfNext = () => loadRules(FUNCTIONS_PROJECT_ID, generateRules(NEXT_SCHEMA));
const stored = async (uid: string, path: string) => (await functionsAdmin().db.doc(`users/${uid}/${path}`).get()).data();

async function twoApps() {
  const user = await newAccount();
  const oldDevice = await fleet.device({ name: "Old app" });
  const old = oldDevice.client;
  const storage = memoryStorage();
  const device = await fleet.device({ name: "New app", schema: NEXT_SCHEMA, storage });
  for (const app of [old, device.client]) await app.signIn({ identifier: user.email, password: user.password });
  return { user, old, oldLink: oldDevice.link, device, storage };
}

describe("apps of N and N+1 on one account", () => {
  it("rules of N+1 first: each reads the other's documents, N+1 upgrades what it touches, N keeps what it does not know and never overwrites what it cannot read", async () => {
    await rulesOfNext();
    const { user, old, oldLink, device } = await twoApps();
    const next = device.client;
    const collectionId = old.collections.create({ name: "Shop API" });
    const request = old.requests.create({ ...entityData("requests"), collectionId, folderId: null, name: "Login" });
    const environment = old.environments.create({ name: "Staging" });
    await old.awaitInSync();

    // N+1 shows N's documents upgraded: the required field's default, the renamed field
    const seen = await watchUntil(next.requests, "N's request on N+1", (items) => items.some((i) => i.id === request));
    expect(seen.find((i) => i.id === request)).toMatchObject({ name: "Login", timeoutMs: 30_000 });
    await watchUntil(next.environments, "N's environment on N+1", (items) => items.some((i) => i.id === environment));
    expect(next.environments.get(environment)).toMatchObject({ title: "Staging" });

    // its edits write the upgrade with them (N, offline meanwhile, edits the environment too)
    oldLink.cut();
    old.environments.update(environment, { order: 5 });
    next.requests.update(request, { summary: "Signs in" } as never);
    next.environments.update(environment, { title: "Production" } as never);
    await next.awaitInSync();
    // N's refused edit is not merged into a document it cannot read: it becomes a copy in N's shape
    oldLink.heal();
    await old.awaitInSync();
    const envCopy = old.environments.list().find((e) => e.conflictOf === environment);
    expect(envCopy).toMatchObject({ name: "Staging (conflict from Old app)", order: 5 });
    expect(await stored(user.uid, `environments/${envCopy!.id}`)).not.toHaveProperty("schemaVersion");
    expect(await stored(user.uid, `environments/${environment}`)).not.toHaveProperty("order");
    expect(await stored(user.uid, `requests/${request}`)).toMatchObject({ name: "Login", summary: "Signs in", timeoutMs: 30_000, schemaVersion: 2 });
    const env = await stored(user.uid, `environments/${environment}`);
    expect(env).toMatchObject({ title: "Production", schemaVersion: 2 });
    expect(env).not.toHaveProperty("name");

    // N edits the newer request (it can read it) and keeps the fields it does not know
    await watchUntil(old.requests, "the upgraded request on N", (items) => items.find((i) => i.id === request)?.rev === 2);
    expect(old.requests.get(request)?.readOnly).toBeUndefined();
    old.requests.update(request, { name: "Log in" });
    await old.awaitInSync();
    expect(await stored(user.uid, `requests/${request}`)).toMatchObject({ name: "Log in", summary: "Signs in", timeoutMs: 30_000, schemaVersion: 2 });
    // a clash there: N's version becomes a conflict copy, as new as the original, with the fields N does not know
    await watchUntil(next.requests, "N's edit on N+1", (items) => items.find((i) => i.id === request)?.name === "Log in");
    oldLink.cut();
    old.requests.update(request, { name: "Old app's name" });
    next.requests.update(request, { name: "New app's name" });
    await next.awaitInSync();
    oldLink.heal();
    const items = await watchUntil(next.requests, "N's conflict copy on N+1", (all) => all.some((i) => i.conflictOf === request));
    const copy = items.find((i) => i.conflictOf === request)!;
    await old.awaitInSync();
    expect(await stored(user.uid, `requests/${copy.id}`)).toMatchObject({ name: "Old app's name (conflict from Old app)", summary: "Signs in", timeoutMs: 30_000, schemaVersion: 2 });
    // N's delete and restore leave them too
    old.requests.remove(request);
    old.requests.restore(request);
    await old.awaitInSync();
    expect(await stored(user.uid, `requests/${request}`)).toMatchObject({ name: "New app's name", deleted: false, summary: "Signs in", timeoutMs: 30_000, schemaVersion: 2 });

    // the renamed environment it cannot read: shown as stored, read-only, and never overwritten
    await watchUntil(old.environments, "the upgraded environment on N", (items) => items.find((i) => i.id === environment)?.rev === 2);
    expect(old.environments.get(environment)).toMatchObject({ title: "Production", readOnly: expect.stringMatching(/newer version of the app/) });
    expect(() => old.environments.update(environment, { name: "Overwritten" })).toThrow(SyncGateError);
    // N's exports: the fields it cannot map travel in the file; what it cannot read is refused, not half-exported
    const exported = (await old.postman.exportCollection(collectionId)) as { item: Record<string, unknown>[] };
    expect(exported.item.find((i) => i["name"] === "New app's name")).toMatchObject({ _syncgate: { schemaVersion: 2, summary: "Signs in", timeoutMs: 30_000 } });
    await expect(old.postman.exportEnvironment(environment)).rejects.toBeInstanceOf(NeedsRepairError);
    // N+1's new documents reach N, which edits them
    const made = next.requests.create({ ...entityData("requests"), name: "Refresh", timeoutMs: 5_000 } as never);
    await watchUntil(old.requests, "N+1's request on N", (items) => items.some((i) => i.id === made));
    old.requests.update(made, { method: "PUT" });
    await Promise.all([old.awaitInSync(), next.awaitInSync()]);
    expect(await stored(user.uid, `requests/${made}`)).toMatchObject({ method: "PUT", timeoutMs: 5_000, schemaVersion: 2 });
    expect([...old.waiting(), ...next.waiting()]).toEqual([]);
  }, 90_000);

  it("rules of N still deployed: N+1's writes wait, kept and shown, without a loop; with the rules of N+1 they land at the next start, and migrate brings every document to N+1", async () => {
    await rulesOfN();
    const { user, old, device } = await twoApps();
    const request = old.requests.create({ ...entityData("requests"), name: "Login" });
    await old.awaitInSync();
    let next = device.client;
    await watchUntil(next.requests, "N's request on N+1", (items) => items.some((i) => i.id === request));
    const made = next.requests.create({ ...entityData("requests"), name: "Made by N+1", timeoutMs: 1_000 } as never);
    next.requests.update(request, { summary: "Signs in" } as never);
    let waitingCount = 0;
    next.onStatusChange((_, detail) => (waitingCount = detail.waiting));
    await waitUntil("both writes waiting", () => next.waiting().length === 2, 20_000);
    // counted, and the status is not stuck: all else is in sync
    await next.awaitInSync();
    expect(waitingCount).toBe(2);
    expect(next.waiting().map((w) => w.id).sort()).toEqual([made, request].sort());
    expect(next.requests.get(request)).toMatchObject({ summary: "Signs in", pending: true, waiting: expect.any(String) });
    // waiting: no retries meanwhile, and N's edits go on
    const written = next.metrics.documentsWritten;
    old.requests.update(request, { method: "PATCH" });
    await old.awaitInSync();
    await new Promise((r) => setTimeout(r, 3_000));
    expect(next.metrics.documentsWritten).toBe(written);
    expect(await stored(user.uid, `requests/${made}`)).toBeUndefined();
    // the user sees the other device's edit under the waiting one
    await waitUntil("N's edit under the waiting one", () => next.requests.get(request)?.method === "PATCH");
    expect(next.requests.get(request)).toMatchObject({ summary: "Signs in", method: "PATCH" });

    // the rules of N+1 arrive; the app's next start sends what waited
    await rulesOfNext();
    next = await device.restart();
    await next.ready;
    await watchUntil(old.requests, "the waiting writes on N", (items) => items.some((i) => i.id === made) && items.find((i) => i.id === request)?.rev === 3);
    await next.awaitInSync();
    expect(next.waiting()).toEqual([]);
    expect(await stored(user.uid, `requests/${request}`)).toMatchObject({ summary: "Signs in", method: "PATCH", timeoutMs: 30_000, schemaVersion: 2 });

    // migrate: every document of the account on N+1, N+1's already-upgraded ones untouched
    const environment = old.environments.create({ name: "Staging" });
    await old.awaitInSync();
    const first = await migrateAccounts(functionsAdmin().db, NEXT_SCHEMA, { uid: user.uid, batchSize: 1 });
    expect(first.upgraded).toBe(1);
    expect(await migrateAccounts(functionsAdmin().db, NEXT_SCHEMA, { uid: user.uid, batchSize: 1 })).toMatchObject({ upgraded: 0 });
    for (const kind of ["requests", "environments"]) {
      const docs = (await functionsAdmin().db.collection(`users/${user.uid}/${kind}`).get()).docs;
      expect(docs.map((d) => versionOf(d.data()))).toEqual(docs.map(() => 2));
    }
    expect(await stored(user.uid, `environments/${environment}`)).toMatchObject({ title: "Staging", schemaVersion: 2, rev: 2 });
    await watchUntil(next.environments, "the migrated environment on N+1", (items) => items.find((i) => i.id === environment)?.rev === 2);
    expect(next.environments.get(environment)).toMatchObject({ title: "Staging" });
  }, 90_000);
});
