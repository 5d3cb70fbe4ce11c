// Two devices of one account through the SDK: every kind's create, edit, delete and
// restore reaches the other device's watcher; bad input is refused with nothing written.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { ENTITY_KINDS, ValidationError, type Entity, type EntityKind, type EntityStore } from "../../client/src/index.js";
import { closeAdmins } from "../harness/admin.js";
import { ClientFleet, functionsAdmin, newAccount, watchUntil } from "../harness/clients.js";
import { anEdit, entityData } from "../harness/factories.js";

const fleet = new ClientFleet();
afterEach(() => fleet.closeAll());
afterAll(closeAdmins);

async function twoDevices() {
  const user = await newAccount();
  const a = await fleet.start({ name: "Laptop" });
  const b = await fleet.start({ name: "Desktop" });
  await a.signIn({ identifier: user.email, password: user.password });
  await b.signIn({ identifier: user.username, password: user.password });
  await Promise.all([a.awaitInSync(), b.awaitInSync()]);
  return { user, a, b };
}

describe("two devices", () => {
  it("each knows who is signed in, whether by email or by username, and nobody once signed out", async () => {
    const { user, a, b } = await twoDevices();
    for (const device of [a, b]) expect(device.user).toEqual({ uid: user.uid, email: user.email, username: user.username });
    await b.signOut();
    expect(b.user).toBeUndefined();
  });

  it("create, edit, delete and restore of each of the nine kinds reach the other device", async () => {
    const { a, b } = await twoDevices();
    for (const kind of ENTITY_KINDS) {
      const storeA = a[kind] as unknown as EntityStore<EntityKind>;
      const storeB = b[kind] as unknown as EntityStore<EntityKind>;
      const id = storeA.create(entityData(kind));
      await watchUntil(storeB, `${kind}: create on B`, (items) => items.some((e) => e.id === id && !e.pending));
      storeA.update(id, anEdit(kind, `Edited ${kind}`));
      await watchUntil(storeB, `${kind}: edit on B`, (items) => items.some((e) => e.id === id && Object.entries(anEdit(kind, `Edited ${kind}`)).every(([k, v]) => (e as unknown as Record<string, unknown>)[k] === v)));
      storeA.remove(id);
      await watchUntil(storeB, `${kind}: delete on B`, (items) => items.some((e) => e.id === id && e.deleted));
      expect(storeB.list().some((e) => e.id === id)).toBe(false);
      expect(storeB.trash().map((e) => e.id)).toContain(id);
      storeB.restore(id);
      await watchUntil(storeA, `${kind}: restore on A`, (items) => items.some((e) => e.id === id && !e.deleted && !e.pending));
    }
    await Promise.all([a.awaitInSync(), b.awaitInSync()]);
  }, 60_000);

  it("edits of different fields of one request on two devices both survive", async () => {
    const { a, b } = await twoDevices();
    const id = a.requests.create(entityData("requests"));
    await watchUntil(b.requests, "request on B", (items) => items.some((e) => e.id === id && !e.pending));
    a.requests.update(id, { name: "Login v2" });
    b.requests.update(id, { method: "PUT" });
    const both = (items: Entity<"requests">[]) => items.some((e) => e.id === id && e.name === "Login v2" && e.method === "PUT" && !e.pending);
    await watchUntil(a.requests, "both edits on A", both);
    await watchUntil(b.requests, "both edits on B", both);
    const stored = (await functionsAdmin().db.doc(`users/${a.uid}/requests/${id}`).get()).data();
    expect(stored).toMatchObject({ name: "Login v2", method: "PUT", rev: 3 });
  });

  it("invalid data throws a ValidationError naming the field, and writes nothing", async () => {
    const { a } = await twoDevices();
    const bad = () => a.requests.create({ ...entityData("requests"), method: "" });
    expect(bad).toThrow(ValidationError);
    expect(bad).toThrow(/method/);
    expect(() => a.requests.create({ ...entityData("requests"), name: "x".repeat(600) })).toThrow(ValidationError);
    expect(() => a.globals.create({ ...entityData("globals"), type: "hidden" as "secret" })).toThrow(ValidationError);
    expect(() => a.requests.create({ ...entityData("requests"), surprise: 1 } as never)).toThrow(ValidationError);
    const id = a.requests.create(entityData("requests"));
    expect(() => a.requests.update(id, { headers: "nope" as never })).toThrow(ValidationError);
    await a.awaitInSync();
    const all = await functionsAdmin().db.collection(`users/${a.uid}/requests`).get();
    expect(all.docs.map((d) => d.id)).toEqual([id]);
    expect(all.docs[0]!.get("headers")).toEqual(entityData("requests").headers);
  });
});
