// Convergence: same-field clashes keep the server's value and a visible conflict copy;
// queued offline writes merge together; edits after a delete stay in the tombstone;
// cascades delete and restore children together; concurrent reorders converge; a
// device coming back reads from the server only what changed.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { byOrder, type ConflictHandler, type SyncClient } from "../../client/src/index.js";
import { closeAdmins } from "../harness/admin.js";
import { ClientFleet, functionsAdmin, newAccount, watchUntil, type TestDevice } from "../harness/clients.js";
import { waitUntil } from "../harness/wait.js";
import { entityData } from "../harness/factories.js";

const fleet = new ClientFleet();
afterEach(() => fleet.closeAll());
afterAll(closeAdmins);

async function devices(...names: string[]): Promise<TestDevice[]> {
  const user = await newAccount();
  const all: TestDevice[] = [];
  for (const name of names) {
    const d = await fleet.device({ name });
    await d.client.signIn({ identifier: user.email, password: user.password });
    all.push(d);
  }
  await Promise.all(all.map((d) => d.client.awaitInSync()));
  return all;
}

// generous: the whole suite shares two cores with the emulators
const settled = (...clients: SyncClient[]) => Promise.all(clients.map((c) => c.awaitInSync(90_000)));

async function aRequestOnAll(a: SyncClient, others: SyncClient[]): Promise<string> {
  const id = a.requests.create(entityData("requests"));
  for (const o of others) await watchUntil(o.requests, "the request to arrive", (items) => items.some((r) => r.id === id && !r.pending));
  return id;
}

/** The item and its one conflict copy on a device, once both are settled there. */
async function originalAndCopy(c: SyncClient, id: string) {
  const items = await watchUntil(c.requests, "original and copy", (xs) => xs.length === 2 && xs.every((x) => !x.pending));
  return { original: items.find((x) => x.id === id)!, copy: items.find((x) => x.id !== id)! };
}

describe("conflicts", () => {
  it("a same-field clash keeps the server's value and the other version as a linked conflict copy, on every device", async () => {
    const [a, b] = await devices("Laptop", "Phone");
    const id = await aRequestOnAll(a!.client, [b!.client]);
    a!.link.cut();
    b!.link.cut();
    a!.client.requests.update(id, { name: "Login (laptop)" });
    b!.client.requests.update(id, { name: "Login (phone)", method: "PUT" });
    a!.link.heal();
    await a!.client.awaitInSync(90_000);
    b!.link.heal();
    await settled(a!.client, b!.client);
    for (const c of [a!.client, b!.client]) {
      const { original, copy } = await originalAndCopy(c, id);
      expect(original).toMatchObject({ name: "Login (laptop)", method: "PUT" }); // disjoint field merged
      expect(copy).toMatchObject({ name: "Login (phone) (conflict from Phone)", conflictOf: id, method: "PUT" });
    }
  }, 60_000);

  it("a conflict handler of the app's own decides what becomes of the local version", async () => {
    const user = await newAccount();
    const seen: string[] = [];
    const mine: ConflictHandler = {
      name: "tagged-copies",
      copy: (local, context) => {
        seen.push(`${context.kind}/${context.originalId}@${context.deviceName}`);
        return { ...local, conflictOf: context.originalId, deletedWith: null, deletion: null, name: `${String(local["name"])} [kept]` };
      },
    };
    const a = await fleet.device({ name: "Laptop" });
    const b = await fleet.device({ name: "Phone", conflicts: mine });
    for (const d of [a, b]) await d.client.signIn({ identifier: user.email, password: user.password });
    const id = await aRequestOnAll(a.client, [b.client]);
    a.link.cut();
    b.link.cut();
    a.client.requests.update(id, { name: "Login (laptop)" });
    b.client.requests.update(id, { name: "Login (phone)" });
    a.link.heal();
    await a.client.awaitInSync(90_000);
    b.link.heal();
    await settled(a.client, b.client);
    const { original, copy } = await originalAndCopy(a.client, id);
    expect(original.name).toBe("Login (laptop)");
    expect(copy).toMatchObject({ name: "Login (phone) [kept]", conflictOf: id });
    expect(seen).toEqual([`requests/${id}@Phone`]);
  }, 60_000);

  it("several queued offline writes to one item merge together: one conflict copy, no lost field", async () => {
    const [a, b] = await devices("A", "B");
    const id = await aRequestOnAll(a!.client, [b!.client]);
    b!.link.cut();
    b!.client.requests.update(id, { name: "B first" });
    b!.client.requests.update(id, { headers: [{ key: "X-From", value: "B" }] });
    b!.client.requests.update(id, { name: "B second" });
    a!.client.requests.update(id, { name: "A wins", url: { raw: "https://a.test" } });
    await a!.client.awaitInSync();
    b!.link.heal();
    await settled(a!.client, b!.client);
    const items = await watchUntil(a!.client.requests, "merge result on A", (xs) => xs.length === 2 && xs.every((x) => !x.pending));
    const original = items.find((x) => x.id === id)!;
    expect(original).toMatchObject({ name: "A wins", url: { raw: "https://a.test" }, headers: [{ key: "X-From", value: "B" }] });
    const copies = items.filter((x) => x.conflictOf === id);
    expect(copies).toHaveLength(1);
    // the copy is B's last version: its other edit included
    expect(copies[0]).toMatchObject({ name: "B second (conflict from B)", headers: [{ key: "X-From", value: "B" }] });
  }, 60_000);

  it("while its write of an item is in flight a device shows what it wrote, not another device's newer version; then the merge", async () => {
    const [a, b] = await devices("A", "B");
    const id = await aRequestOnAll(a!.client, [b!.client]);
    b!.link.cut();
    b!.client.requests.update(id, { name: "B1" });
    a!.client.requests.update(id, { name: "A1" });
    a!.client.requests.update(id, { name: "A2", method: "PATCH" });
    await a!.client.awaitInSync();
    const shown: { name: string; settled: boolean }[] = [];
    b!.client.requests.watch((items) => {
      const r = items.find((x) => x.id === id);
      if (r) shown.push({ name: r.name, settled: b!.client.requests.settled(id) });
    });
    b!.link.heal();
    await settled(a!.client, b!.client);
    expect(shown[0]!.name).toBe("B1");
    // what the user sees changes only once their write has settled (refused and merged)
    expect(shown.filter((s) => s.name !== "B1" && !s.settled)).toEqual([]);
    for (const c of [a!.client, b!.client]) {
      const { original, copy } = await originalAndCopy(c, id);
      expect(original).toMatchObject({ name: "A2", method: "PATCH" });
      expect(copy).toMatchObject({ name: "B1 (conflict from B)", conflictOf: id });
    }
  }, 60_000);
});

describe("tombstones", () => {
  it("an edit that arrives after a delete lands in the tombstone and is there on restore", async () => {
    const [a, b] = await devices("A", "B");
    const id = await aRequestOnAll(a!.client, [b!.client]);
    b!.link.cut();
    a!.client.requests.remove(id);
    await a!.client.awaitInSync();
    b!.client.requests.update(id, { name: "Edited offline" });
    b!.link.heal();
    await settled(a!.client, b!.client);
    for (const c of [a!.client, b!.client]) {
      await watchUntil(c.requests, "the edit inside the tombstone", (xs) => xs.some((x) => x.id === id && x.deleted && x.name === "Edited offline" && !x.pending));
      expect(c.requests.list()).toEqual([]);
    }
    a!.client.requests.restore(id);
    await watchUntil(b!.client.requests, "the restored item with the edit", (xs) => xs.some((x) => x.id === id && !x.deleted && x.name === "Edited offline"));
  }, 60_000);

  it("deleting a collection takes its folders, requests and responses along; restoring brings back exactly those", async () => {
    const [a, b] = await devices("A", "B");
    const c = a!.client;
    const col = c.collections.create(entityData("collections"));
    const f1 = c.folders.create({ ...entityData("folders"), collectionId: col, parentFolderId: null });
    const f2 = c.folders.create({ ...entityData("folders"), collectionId: col, parentFolderId: f1, name: "Nested" });
    const r1 = c.requests.create({ ...entityData("requests"), collectionId: col, folderId: f2 });
    const r2 = c.requests.create({ ...entityData("requests"), collectionId: col, folderId: null });
    const res = c.responses.create({ ...entityData("responses"), collectionId: col, requestId: r1 });
    const gone = c.requests.create({ ...entityData("requests"), collectionId: col, folderId: null, name: "Deleted before" });
    c.requests.remove(gone);
    await c.awaitInSync();
    c.collections.remove(col);
    await c.awaitInSync();
    const bc = b!.client;
    await watchUntil(bc.requests, "children in B's trash", (xs) => xs.length === 3 && xs.every((x) => x.deleted));
    // each kind has its own listener: wait for the folders and responses too
    await watchUntil(bc.folders, "folders in B's trash", (xs) => xs.length === 2 && xs.every((x) => x.deleted));
    await watchUntil(bc.responses, "the response in B's trash", (xs) => xs.length === 1 && xs.every((x) => x.deleted));
    expect(bc.folders.list()).toEqual([]);
    expect(bc.responses.list()).toEqual([]);
    expect(bc.requests.trash().filter((x) => x.deletedWith === col).map((x) => x.id).sort()).toEqual([r1, r2].sort());

    bc.collections.restore(col);
    await bc.awaitInSync();
    await watchUntil(c.requests, "restored requests on A", (xs) => xs.filter((x) => !x.deleted).length === 2);
    // each kind has its own listener: wait for the folders and responses too
    await watchUntil(c.folders, "the restored folders on A", (xs) => xs.filter((x) => !x.deleted).length === 2);
    await watchUntil(c.responses, "the restored response on A", (xs) => xs.some((x) => x.id === res && !x.deleted));
    expect(c.folders.list().map((x) => x.id).sort()).toEqual([f1, f2].sort());
    expect(c.responses.list().map((x) => x.id)).toEqual([res]);
    expect(c.requests.get(gone)?.deleted).toBe(true); // deleted on its own before: stays in the trash
  }, 60_000);
});

describe("orphans", () => {
  it("restoring a request whose folder is in the trash restores the folder too", async () => {
    const [a] = await devices("A");
    const c = a!.client;
    const col = c.collections.create(entityData("collections"));
    const folder = c.folders.create({ ...entityData("folders"), collectionId: col, parentFolderId: null });
    const req = c.requests.create({ ...entityData("requests"), collectionId: col, folderId: folder });
    c.folders.remove(folder);
    await c.awaitInSync();
    expect(c.requests.get(req)?.deleted).toBe(true);
    c.requests.restore(req);
    await c.awaitInSync();
    expect(c.folders.get(folder)?.deleted).toBe(false);
    expect(c.requests.get(req)?.deleted).toBe(false);
  });
});

describe("lifecycles that cross", () => {
  /** A collection with folder F holding request R0, on every device. */
  async function folderOnAll(a: SyncClient, others: SyncClient[]) {
    const col = a.collections.create(entityData("collections"));
    const folder = a.folders.create({ ...entityData("folders"), collectionId: col, parentFolderId: null });
    const r0 = a.requests.create({ ...entityData("requests"), collectionId: col, folderId: folder, name: "Before" });
    for (const o of others) {
      await watchUntil(o.folders, "the folder", (xs) => xs.some((x) => x.id === folder && !x.pending));
      await watchUntil(o.requests, "its request", (xs) => xs.some((x) => x.id === r0 && !x.pending));
    }
    return { col, folder, r0 };
  }

  it("a request created offline in a folder another device deleted goes to the trash with the folder, and comes back with it, everywhere", async () => {
    const [a, b] = await devices("A", "B");
    const { col, folder, r0 } = await folderOnAll(a!.client, [b!.client]);
    b!.link.cut();
    a!.client.folders.remove(folder);
    await a!.client.awaitInSync();
    const late = b!.client.requests.create({ ...entityData("requests"), collectionId: col, folderId: folder, name: "Added offline" });
    b!.link.heal();
    await settled(a!.client, b!.client);
    const deletion = a!.client.folders.get(folder)!.deletion;
    for (const c of [a!.client, b!.client]) {
      // no live request hides under the deleted folder: the late one joined its trash group
      await watchUntil(c.requests, "the late request in the folder's trash group", (xs) =>
        xs.some((x) => x.id === late && x.deleted && x.deletedWith === folder && x.deletion === deletion && !x.pending),
      );
      expect(c.requests.list()).toEqual([]);
      expect(c.folders.get(folder)?.deletion).toBe(deletion);
    }
    b!.client.folders.restore(folder);
    await settled(b!.client);
    for (const id of [r0, late]) await watchUntil(a!.client.requests, "both requests back on A", (xs) => xs.some((x) => x.id === id && !x.deleted && !x.pending));
    await watchUntil(a!.client.folders, "the folder back on A", (xs) => xs.some((x) => x.id === folder && !x.deleted));
    expect(a!.client.requests.list().map((x) => x.name).sort()).toEqual(["Added offline", "Before"]);
  }, 90_000);

  it("a restore that reached a child but not its folder is finished, never undone; a child left out of a restore comes back", async () => {
    // Another device's writes, replayed by the admin SDK in an order a slow network could
    // deliver them: the check must act on what the data says, not on arrival order.
    const [a] = await devices("A");
    const c = a!.client;
    const { folder, r0 } = await folderOnAll(c, []);
    c.folders.remove(folder);
    await c.awaitInSync();
    const deletion = c.folders.get(folder)!.deletion!;
    expect(c.requests.get(r0)).toMatchObject({ deleted: true, deletion });
    const { db } = functionsAdmin();
    const path = (kind: string, id: string) => `users/${c.uid}/${kind}/${id}`;
    const restore = async (kind: string, id: string) => {
      const ref = db.doc(path(kind, id));
      const prev = (await ref.get()).data()!;
      await ref.update({ deleted: false, deletedWith: null, rev: prev["rev"] + 1, baseBy: prev["updatedBy"], updatedBy: "other-device", updatedAt: new Date() });
    };
    // the child's restore arrives and its folder's never does (refused, or its device
    // gone): A must not re-delete the child, it finishes the restore instead
    await restore("requests", r0);
    await watchUntil(c.requests, "the child restored", (xs) => xs.some((x) => x.id === r0 && !x.deleted));
    const revBefore = c.requests.get(r0)!.rev;
    await watchUntil(c.folders, "the folder restored by A", (xs) => xs.some((x) => x.id === folder && !x.deleted && x.updatedBy === c.sessionId && !x.pending));
    expect(c.requests.get(r0)).toMatchObject({ deleted: false, rev: revBefore, updatedBy: "other-device" });

    // then a folder's restore comes without a child's: A brings the child back
    const r1 = c.requests.create({ ...entityData("requests"), collectionId: c.folders.get(folder)!.collectionId, folderId: folder, name: "Second" });
    await c.awaitInSync();
    c.folders.remove(folder);
    await c.awaitInSync();
    const second = c.folders.get(folder)!.deletion!;
    expect(second).not.toBe(deletion);
    await restore("folders", folder); // a restorer that did not know of r1
    await watchUntil(c.requests, "the left-out child restored by A", (xs) => xs.some((x) => x.id === r1 && !x.deleted && !x.pending));
    await watchUntil(c.requests, "the other child restored too", (xs) => xs.some((x) => x.id === r0 && !x.deleted && !x.pending));
  }, 90_000);

  it("a request deleted offline while another device deleted its folder stays in the trash on its own when the folder is restored", async () => {
    const [a, b] = await devices("A", "B");
    const { folder, r0 } = await folderOnAll(a!.client, [b!.client]);
    b!.link.cut();
    b!.client.requests.remove(r0);
    const own = b!.client.requests.get(r0)!.deletion;
    a!.client.folders.remove(folder); // the cascade sweeps r0 into the folder's trash group first
    await a!.client.awaitInSync();
    b!.link.heal();
    await settled(a!.client, b!.client);
    for (const c of [a!.client, b!.client]) {
      // B's delete was refused over the cascade and written again: r0 is in the trash by itself
      await watchUntil(c.requests, "r0 deleted on its own", (xs) => xs.some((x) => x.id === r0 && x.deleted && x.deletedWith === null && x.deletion === own && !x.pending));
    }
    a!.client.folders.restore(folder);
    await settled(a!.client, b!.client);
    await watchUntil(b!.client.folders, "the folder back on B", (xs) => xs.some((x) => x.id === folder && !x.deleted && !x.pending));
    for (const c of [a!.client, b!.client]) {
      expect(c.requests.list()).toEqual([]);
      expect(c.requests.trash().map((x) => x.id)).toEqual([r0]);
    }
  }, 90_000);

  it("a delete refused because another device deleted and restored meanwhile is retried; one deleted item, once in the trash", async () => {
    const [a, b] = await devices("A", "B");
    const id = await aRequestOnAll(a!.client, [b!.client]);
    b!.link.cut();
    b!.client.requests.remove(id);
    a!.client.requests.remove(id);
    await a!.client.awaitInSync();
    a!.client.requests.restore(id);
    await a!.client.awaitInSync();
    b!.link.heal();
    await settled(a!.client, b!.client);
    for (const c of [a!.client, b!.client]) {
      // the lifecycle on the server was back at B's base (live): B's delete merges like a field edit
      await watchUntil(c.requests, "the item deleted by B's retried delete", (xs) => xs.some((x) => x.id === id && x.deleted && x.updatedBy === b!.client.sessionId && !x.pending));
      expect(c.requests.trash().map((x) => x.id)).toEqual([id]);
    }
  }, 90_000);
});

describe("ordering", () => {
  it("two devices reordering one folder at once converge to one sequence, each item once", async () => {
    const [a, b] = await devices("A", "B");
    const ids = [1, 2, 3, 4, 5].map((order) => a!.client.requests.create({ ...entityData("requests"), folderId: "f1", order, name: `R${order}` }));
    await watchUntil(b!.client.requests, "all five on B", (xs) => xs.filter((x) => !x.pending).length === 5);
    a!.link.cut();
    b!.link.cut();
    a!.client.requests.move(ids[4]!, null); // R5 first
    b!.client.requests.move(ids[0]!, ids[2]!); // R1 after R3
    b!.client.requests.move(ids[1]!, ids[4]!); // R2 after R5
    // A's move lands first; B's, made without it, arrive after. (Healing both links in the
    // same instant tests nothing more, and under the suite's load the emulator then now
    // and then applied one of B's writes twice or lost its reply.)
    a!.link.heal();
    await a!.client.awaitInSync(90_000);
    b!.link.heal();
    await settled(a!.client, b!.client);
    const sequence = (c: SyncClient) => c.requests.list({ where: { folderId: "f1" } }).sort(byOrder).map((r) => r.name);
    // IN_SYNC on both is each device's own writes confirmed; the other's arrive once its
    // listener has reconnected after the heal, on Firestore's backoff (seconds, growing)
    await waitUntil("both devices to show the same order", () => JSON.stringify(sequence(a!.client)) === JSON.stringify(sequence(b!.client)), 45_000);
    const final = sequence(a!.client);
    expect([...final].sort()).toEqual(["R1", "R2", "R3", "R4", "R5"]);
    expect(final.indexOf("R5")).toBe(0);
    expect(final.indexOf("R1")).toBeGreaterThan(final.indexOf("R3"));
  }, 90_000);
});

describe("delta resume", () => {
  it("a device coming back reads from the server only what changed while it was away (≤ 2 × changed)", async () => {
    const user = await newAccount();
    const away = await fleet.device({ name: "Away", persistence: "indexeddb" });
    await away.client.signIn({ identifier: user.email, password: user.password });
    const writer = await fleet.start({ name: "Writer" });
    await writer.signIn({ identifier: user.email, password: user.password });
    const ids = Array.from({ length: 150 }, (_, i) => writer.requests.create({ ...entityData("requests"), name: `R${i}` }));
    await writer.awaitInSync();
    await watchUntil(away.client.requests, "all 150 on the away device", (xs) => xs.filter((x) => !x.pending).length === 150);
    await away.client.awaitInSync();

    await away.client.dispose();
    const changed = ids.slice(0, 6);
    changed.forEach((id, i) => (i % 3 === 2 ? writer.requests.remove(id) : writer.requests.update(id, { name: `Changed ${i}` })));
    const added = writer.headerPresets.create(entityData("headerPresets"));
    await writer.awaitInSync();

    const back = await away.restart();
    await back.ready; // Auth and the session survived the restart: no sign-in needed
    expect(back.sessionId).toBeDefined();
    await back.awaitInSync();
    const changedCount = changed.length + 1;
    expect(back.requests.list({ includeDeleted: true })).toHaveLength(150);
    expect(back.requests.get(changed[0]!)?.name).toBe("Changed 0");
    expect(back.requests.get(changed[2]!)?.deleted).toBe(true);
    expect(back.headerPresets.get(added)).toBeDefined();
    expect(back.metrics.documentsFromServer).toBeGreaterThanOrEqual(changedCount);
    expect(back.metrics.documentsFromServer).toBeLessThanOrEqual(2 * changedCount);
    // the server really holds 150 requests: a device without a checkpoint reads them all
    const fresh = await fleet.start({ name: "Fresh" });
    await fresh.signIn({ identifier: user.email, password: user.password });
    await fresh.awaitInSync();
    expect(fresh.metrics.documentsFromServer).toBeGreaterThanOrEqual(151);
    expect((await functionsAdmin().db.collection(`users/${user.uid}/requests`).count().get()).data().count).toBe(150);
  }, 90_000);
});
