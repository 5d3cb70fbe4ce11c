// Sign-in/out lifecycle: sign-out wipes the device (no IndexedDB left), a fresh device
// restores every kind and says IN_SYNC only when all of it is there, unsynced changes
// are reported instead of dropped, and the three-app limit with eviction.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { ENTITY_KINDS, SessionLimitError, SyncGateError, UnsyncedChangesError, type EntityKind, type EntityStore, type SyncClient } from "../../client/src/index.js";
import { closeAdmins } from "../harness/admin.js";
import { ClientFleet, functionsAdmin, newAccount } from "../harness/clients.js";
import { waitUntil } from "../harness/wait.js";
import { entityData } from "../harness/factories.js";

const fleet = new ClientFleet();
afterEach(() => fleet.closeAll());
afterAll(closeAdmins);

const store = (client: SyncClient, kind: EntityKind) => client[kind] as unknown as EntityStore<EntityKind>;
const databases = async () => (await indexedDB.databases()).map((d) => d.name ?? "");

describe("sign-out and sign-in", () => {
  it("sign-out leaves no IndexedDB database; a fresh device restores every kind and is IN_SYNC only with all of it", async () => {
    const user = await newAccount();
    const a = await fleet.start({ name: "Writer", persistence: "indexeddb" });
    await a.signIn({ identifier: user.email, password: user.password });
    const perKind = 4;
    for (const kind of ENTITY_KINDS) for (let i = 1; i < perKind; i++) store(a, kind).create(entityData(kind));
    for (const kind of ENTITY_KINDS) if (kind !== "globals") store(a, kind).create(entityData(kind));
    const secretId = a.globals.create({ key: "token", initialValue: "s3cr3t-value", type: "secret", enabled: true });
    await a.awaitInSync();
    expect((await databases()).some((n) => n.includes("firestore/"))).toBe(true);
    await a.signOut();
    expect(a.status).toBe("OFFLINE");
    expect(await databases()).toEqual([]);
    expect(store(a, "requests").list()).toEqual([]);

    const fresh = await fleet.start({ name: "New phone", persistence: "indexeddb" });
    const countsWhenInSync: Record<string, number>[] = [];
    fresh.onStatusChange((status) => {
      if (status === "IN_SYNC") countsWhenInSync.push(Object.fromEntries(ENTITY_KINDS.map((k) => [k, store(fresh, k).list().length])));
    });
    await fresh.signIn({ identifier: user.username, password: user.password });
    await fresh.awaitInSync();
    expect(countsWhenInSync[0]).toEqual(Object.fromEntries(ENTITY_KINDS.map((k) => [k, perKind])));
    // the secret global is encrypted in Firestore and came back decrypted on the new device
    expect((await functionsAdmin().db.doc(`users/${user.uid}/globals/${secretId}`).get()).get("initialValue")).toMatch(/^sg1:/);
    expect(fresh.globals.get(secretId)?.initialValue).toBe("s3cr3t-value");
  }, 60_000);

  it("changes that cannot reach the server block sign-out with the list; force discards them", async () => {
    const user = await newAccount();
    const { client: a, link: proxy } = await fleet.device({ name: "Flaky" });
    await a.signIn({ identifier: user.email, password: user.password });
    await a.awaitInSync();
    proxy.cut();
    const id = a.requests.create({ ...entityData("requests"), name: "Unsaved" });
    await waitUntil("the edit to be pending", () => a.requests.get(id)?.pending);
    const error = await a.signOut().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(UnsyncedChangesError);
    expect((error as UnsyncedChangesError).changes).toEqual([{ kind: "requests", id, label: "Unsaved" }]);
    expect(a.status).not.toBe("OFFLINE"); // still signed in: nothing was dropped
    await a.signOut({ force: true });
    expect(a.status).toBe("OFFLINE");
  }, 30_000);

  // The start's cache read (remote.ts readCache) is a query of its own, kept apart from
  // the listeners' for speed: it must still bring back every cached document of every
  // kind, this device's unsent edits included.
  it("an app restarted offline shows from its cache every entity of every kind, its unsent edits included", async () => {
    const user = await newAccount();
    const device = await fleet.device({ name: "Laptop", persistence: "indexeddb" });
    await device.client.signIn({ identifier: user.email, password: user.password });
    const perKind = 5;
    const ids = new Map<EntityKind, string[]>(ENTITY_KINDS.map((kind) => [kind, Array.from({ length: perKind }, () => store(device.client, kind).create(entityData(kind)))]));
    await device.client.awaitInSync();
    device.link.cut();
    const unsent = device.client.requests.create({ ...entityData("requests"), name: "Made offline" });
    const renamed = ids.get("requests")![0]!;
    device.client.requests.update(renamed, { name: "Renamed offline" });
    const back = await device.restart();
    await back.ready;
    for (const kind of ENTITY_KINDS) {
      await waitUntil(`the cached ${kind}`, () => ids.get(kind)!.every((id) => store(back, kind).get(id)));
    }
    expect(back.requests.get(unsent)).toMatchObject({ name: "Made offline", pending: true });
    expect(back.requests.get(renamed)).toMatchObject({ name: "Renamed offline", pending: true });
    expect(back.status).not.toBe("IN_SYNC");
    device.link.heal();
    await back.awaitInSync();
    expect((await functionsAdmin().db.doc(`users/${user.uid}/requests/${unsent}`).get()).get("name")).toBe("Made offline");
  }, 60_000);

  it("edits made offline all wait in Firestore's own queue: an app closed while offline sends every one on its next start", async () => {
    const user = await newAccount();
    const device = await fleet.device({ name: "Laptop", persistence: "indexeddb" });
    await device.client.signIn({ identifier: user.email, password: user.password });
    await device.client.awaitInSync();
    device.link.cut();
    const a = device.client;
    // collections, folders and requests encode secrets before writing: each write must
    // still reach Firestore's queue without waiting for the previous one's acknowledgement
    const collectionId = a.collections.create({ ...entityData("collections"), name: "Made offline" });
    const folderId = a.folders.create({ ...entityData("folders"), collectionId });
    const requestId = a.requests.create({ ...entityData("requests"), collectionId, folderId, name: "v1" });
    for (let v = 2; v <= 5; v++) a.requests.update(requestId, { name: `v${v}` });
    const back = await device.restart();
    device.link.heal();
    await back.ready;
    await back.awaitInSync();
    const stored = (kind: EntityKind, id: string) => functionsAdmin().db.doc(`users/${user.uid}/${kind}/${id}`).get();
    expect((await stored("collections", collectionId)).get("name")).toBe("Made offline");
    expect((await stored("folders", folderId)).get("collectionId")).toBe(collectionId);
    expect((await stored("requests", requestId)).get("name")).toBe("v5");
    expect(back.requests.get(requestId)).toMatchObject({ name: "v5", pending: false });
  }, 60_000);

  // Firestore sends an earlier run's queued writes again, but no promise answers for them:
  // one refused then used to drop out silently. The outbox merges it on the next start.
  for (const persistence of ["indexeddb", "memory"] as const) {
    it(`an edit queued before an app restart and refused after it is merged, not dropped (${persistence} cache)`, async () => {
      const user = await newAccount();
      const laptop = await fleet.device({ name: "Laptop", persistence });
      const phone = await fleet.start({ name: "Phone" });
      for (const c of [laptop.client, phone]) await c.signIn({ identifier: user.email, password: user.password });
      const id = laptop.client.requests.create({ ...entityData("requests"), name: "Login", description: "first" });
      await laptop.client.awaitInSync();
      await waitUntil("the phone to hold the request", () => phone.requests.get(id));
      laptop.link.cut();
      laptop.client.requests.update(id, { name: "Login (laptop)", description: "laptop's" });
      phone.requests.update(id, { description: "phone's" });
      await phone.awaitInSync();
      const back = await laptop.restart();
      const errors: string[] = [];
      back.onError((e) => errors.push(`${e.code}: ${e.message}`));
      laptop.link.heal();
      await back.ready;
      // the new start met a cut link: skip Firestore's reconnect backoff (up to a minute)
      await back.reconnect();
      const original = async () => {
        if (errors.length > 0) throw new Error(errors.join("; "));
        return functionsAdmin().db.doc(`users/${user.uid}/requests/${id}`).get();
      };
      // the name nobody else changed is retried; the clashing description keeps the
      // server's value, and the laptop's version is kept as a conflict copy
      await waitUntil("the laptop's name to reach the server", async () => (await original()).get("name") === "Login (laptop)", 30_000);
      expect((await original()).get("description")).toBe("phone's");
      const copies = async () => (await functionsAdmin().db.collection(`users/${user.uid}/requests`).where("conflictOf", "==", id).get()).docs.map((d) => d.get("description"));
      await waitUntil("the laptop's description to be kept as a conflict copy", async () => (await copies()).length > 0, 30_000);
      expect(await copies()).toEqual(["laptop's"]);
      await back.awaitInSync();
      expect(back.requests.get(id)).toMatchObject({ name: "Login (laptop)", description: "phone's", pending: false });
      await waitUntil("the phone to show the merge", () => phone.requests.get(id)?.name === "Login (laptop)");
      expect(errors).toEqual([]);
    }, 60_000);
  }

  it("wrong credentials give a typed error", async () => {
    const user = await newAccount();
    const a = await fleet.start();
    for (const identifier of [user.email, user.username]) {
      const e = await a.signIn({ identifier, password: "wrong-password-1" }).then(() => undefined, (x: unknown) => x);
      expect(e).toBeInstanceOf(SyncGateError);
      expect((e as SyncGateError).code).toBe("invalid-credentials");
    }
    expect(a.status).toBe("OFFLINE");
  });
});

describe("the three-app limit", () => {
  it("a 4th device gets SessionLimitError listing the sessions; evicting the oldest lets it in and the evicted device wipes itself", async () => {
    const user = await newAccount();
    const devices = await Promise.all(["One", "Two", "Three"].map((name) => fleet.start({ name })));
    for (const d of devices) await d.signIn({ identifier: user.email, password: user.password });
    devices[0]!.requests.create(entityData("requests"));
    await Promise.all(devices.map((d) => d.awaitInSync()));
    // make "Two" the least recently seen: the others heartbeat later
    await functionsAdmin().db.doc(`users/${user.uid}/sessions/${devices[1]!.sessionId}`).update({ lastSeenAt: new Date(Date.now() - 60_000) });
    const ended: string[] = [];
    devices[1]!.onSessionEnded((reason) => ended.push(reason));

    const fourth = await fleet.start({ name: "Four" });
    const error = await fourth.signIn({ identifier: user.username, password: user.password }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(SessionLimitError);
    const limit = error as SessionLimitError;
    expect(limit.limit).toBe(3);
    expect(limit.sessions.map((s) => s.deviceName).sort()).toEqual(["One", "Three", "Two"]);
    expect(fourth.status).toBe("OFFLINE");

    await limit.evictOldest();
    await fourth.awaitInSync();
    expect(fourth.requests.list()).toHaveLength(1);
    await waitUntil("the evicted device to notice and wipe", () => ended.includes("revoked") && devices[1]!.status === "OFFLINE", 10_000);
    expect(devices[1]!.requests.list()).toEqual([]);
    expect(devices[0]!.status).not.toBe("OFFLINE");
    const sessions = await fourth.listSessions();
    expect(sessions.map((s) => s.deviceName).sort()).toEqual(["Four", "One", "Three"]);
  }, 60_000);

  it("a device signs another one out by choice; the revoked one notices within seconds", async () => {
    const user = await newAccount();
    const [a, b] = [await fleet.start({ name: "A" }), await fleet.start({ name: "B" })];
    await a.signIn({ identifier: user.email, password: user.password });
    await b.signIn({ identifier: user.email, password: user.password });
    await Promise.all([a.awaitInSync(), b.awaitInSync()]);
    const started = Date.now();
    await a.revokeSession(b.sessionId!);
    await waitUntil("B to be signed out", () => b.status === "OFFLINE", 10_000);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(() => b.requests.create(entityData("requests"))).toThrow(SyncGateError);
  });
});
