// A session that ends while the device has unsynced edits (revoked from another device,
// evicted by a fourth, expired) stops and wipes the device, but keeps those edits sealed
// with the password-derived key; signing in again to the same account syncs them, with
// conflict copies where they clash. Nothing is readable at rest meanwhile, another
// account never sees them, and a sign-out by the user discards them.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { SessionLimitError, type SessionEndDetail, type SessionEndReason, type SyncClient, type SyncGateError } from "../../client/src/index.js";
import { memoryStorage, type KeyValueStorage } from "../../client/src/util/storage.js";
import { sweepStaleSessions } from "../../functions/src/sweeps/stale-sessions.js";
import { closeAdmins } from "../harness/admin.js";
import { ClientFleet, functionsAdmin, newAccount, watchUntil } from "../harness/clients.js";
import { entityData } from "../harness/factories.js";
import { waitUntil } from "../harness/wait.js";

const fleet = new ClientFleet();
afterEach(() => fleet.closeAll());
afterAll(closeAdmins);

const DAY = 24 * 3_600_000;
type Account = Awaited<ReturnType<typeof newAccount>>;
const credentials = (user: Account) => ({ identifier: user.email, password: user.password });
const ended = (client: SyncClient) => new Promise<{ reason: SessionEndReason; detail: SessionEndDetail }>((resolve) => client.onSessionEnded((reason, detail) => resolve({ reason, detail })));
const storedText = (storage: KeyValueStorage) => storage.keys("").map((k) => `${k}=${storage.getItem(k)}`).join("\n");

/** A device signed in with a request both it and `other` have, then cut off from the server. */
async function offlineWithRequest(user: Account, others: SyncClient[]) {
  const storage = memoryStorage();
  const device = await fleet.device({ name: "Laptop", storage });
  const a = device.client;
  await a.signIn(credentials(user));
  const id = a.requests.create({ ...entityData("requests"), name: "Shared" });
  await a.awaitInSync();
  for (const other of others) await watchUntil(other.requests, "the request on the other device", (items) => items.some((i) => i.id === id));
  device.link.cut();
  return { a, id, storage, link: device.link };
}

describe("a session that ends elsewhere keeps the device's unsynced edits", () => {
  it("revoked while offline: the device signs out, keeps its edits sealed, and syncs them when the user signs in again", async () => {
    const user = await newAccount();
    const b = await fleet.start({ name: "Phone" });
    await b.signIn(credentials(user));
    const { a, id, storage, link } = await offlineWithRequest(user, [b]);
    a.requests.update(id, { name: "Renamed offline" });
    const added = a.requests.create({ ...entityData("requests"), name: "Made offline" });
    const end = ended(a);
    await b.revokeSession(a.sessionId!);
    link.heal();

    // the revoked device stops: signed out, nothing shown, nothing of the edits readable at rest
    expect(await end).toEqual({ reason: "revoked", detail: { cause: "revoked", heldEdits: 2 } });
    expect(a.status).toBe("OFFLINE");
    expect(a.requests.list()).toEqual([]);
    expect(storedText(storage)).not.toMatch(/Renamed offline|Made offline/);
    // and it could not write: the server has neither edit
    const server = functionsAdmin().db;
    expect((await server.doc(`users/${user.uid}/requests/${id}`).get()).get("name")).toBe("Shared");
    expect((await server.doc(`users/${user.uid}/requests/${added}`).get()).exists).toBe(false);

    // another account on this device never sees them, and its sign-out leaves them held
    const other = await newAccount();
    await a.signIn(credentials(other));
    await a.awaitInSync();
    expect(a.requests.list()).toEqual([]);
    await a.signOut();
    expect((await server.doc(`users/${other.uid}/requests/${added}`).get()).exists).toBe(false);

    // the same account again: the edits go through the normal merge and reach the other device
    await a.signIn(credentials(user));
    await watchUntil(b.requests, "the held edits on the other device", (items) => items.find((i) => i.id === id)?.name === "Renamed offline" && items.some((i) => i.id === added));
    await a.awaitInSync();
    expect(a.requests.get(added)?.name).toBe("Made offline");
    expect(storage.keys("syncgate:held:")).toEqual([]);
  }, 60_000);

  // The session watch starts once the cached view is shown (client.ts): a warm start must
  // still learn that its session ended while the app was closed, and wipe.
  it("revoked while the app was closed: the next start shows its cache, then learns of the end and wipes the device", async () => {
    const user = await newAccount();
    const b = await fleet.start({ name: "Phone" });
    await b.signIn(credentials(user));
    const device = await fleet.device({ name: "Laptop", persistence: "indexeddb" });
    await device.client.signIn(credentials(user));
    const id = device.client.requests.create({ ...entityData("requests"), name: "Cached on the laptop" });
    await device.client.awaitInSync();
    const sid = device.client.sessionId!;
    device.link.cut();
    const back = await device.restart();
    await back.ready;
    // offline, the restarted app shows what its cache holds
    await watchUntil(back.requests, "the cached request", (items) => items.some((i) => i.id === id));
    expect(back.status).not.toBe("IN_SYNC");
    const end = ended(back);
    await b.revokeSession(sid);
    device.link.heal();
    expect(await end).toEqual({ reason: "revoked", detail: { cause: "revoked", heldEdits: 0 } });
    expect(back.requests.list()).toEqual([]);
    await waitUntil("the device's cache deleted", async () => !(await indexedDB.databases()).some((d) => d.name?.includes("firestore/")));
  }, 60_000);

  it("evicted by a fourth device while offline: a clash with another device's edit becomes a conflict copy", async () => {
    const user = await newAccount();
    const [b, c] = [await fleet.start({ name: "Phone" }), await fleet.start({ name: "Tablet" })];
    for (const d of [b, c]) await d.signIn(credentials(user));
    const { a, id, link } = await offlineWithRequest(user, [b, c]);
    a.requests.update(id, { name: "Laptop's name" });
    b.requests.update(id, { name: "Phone's name" });
    await b.awaitInSync();
    // the laptop is the least recently seen: a fourth device evicts it
    await functionsAdmin().db.doc(`users/${user.uid}/sessions/${a.sessionId}`).update({ lastSeenAt: new Date(Date.now() - 60_000) });
    const end = ended(a);
    const fourth = await fleet.start({ name: "Desktop" });
    const limit = await fourth.signIn(credentials(user)).then(() => undefined, (e: unknown) => e);
    expect(limit).toBeInstanceOf(SessionLimitError);
    await (limit as SessionLimitError).evictOldest();
    link.heal();
    expect(await end).toEqual({ reason: "revoked", detail: { cause: "evicted", heldEdits: 1 } });

    // back on the laptop, it takes the tablet's place; the phone's edit stands, the laptop's is a copy
    const again = await a.signIn(credentials(user)).then(() => undefined, (e: unknown) => e);
    await (again as SessionLimitError).evict(c.sessionId!);
    const items = await watchUntil(b.requests, "the laptop's version as a conflict copy", (all) => all.some((i) => i.conflictOf === id));
    expect(items.find((i) => i.id === id)?.name).toBe("Phone's name");
    expect(items.find((i) => i.conflictOf === id)?.name).toBe("Laptop's name (conflict from Laptop)");
  }, 60_000);

  it("expired while offline: the edits arrive once the user signs in again", async () => {
    const user = await newAccount();
    const b = await fleet.start({ name: "Phone" });
    await b.signIn(credentials(user));
    const { a, id, link } = await offlineWithRequest(user, [b]);
    a.requests.update(id, { name: "Edited before it expired" });
    const end = ended(a);
    const server = functionsAdmin().db;
    await server.doc(`users/${user.uid}/sessions/${a.sessionId}`).update({ lastSeenAt: new Date(Date.now() - 40 * DAY) });
    expect(await sweepStaleSessions(server, Date.now(), 30 * DAY)).toBeGreaterThanOrEqual(1);
    link.heal();
    expect(await end).toEqual({ reason: "revoked", detail: { cause: "expired", heldEdits: 1 } });
    await a.signIn(credentials(user));
    await watchUntil(b.requests, "the edit on the other device", (items) => items.find((i) => i.id === id)?.name === "Edited before it expired");
  }, 60_000);

  it("sealed with the old password: a sign-in with a new one syncs nothing, says so, keeps them; the user's sign-out discards them", async () => {
    const user = await newAccount();
    const b = await fleet.start({ name: "Phone" });
    await b.signIn(credentials(user));
    const { a, id, storage, link } = await offlineWithRequest(user, [b]);
    a.requests.update(id, { name: "Sealed with the old password" });
    const end = ended(a);
    await b.revokeSession(a.sessionId!);
    link.heal();
    expect((await end).detail.heldEdits).toBe(1);

    const password = "a-new-password-7";
    await functionsAdmin().auth.updateUser(user.uid, { password });
    const errors: SyncGateError[] = [];
    a.onError((e) => errors.push(e));
    await a.signIn({ identifier: user.email, password });
    await a.awaitInSync();
    await waitUntil("the locked edits reported", () => errors.some((e) => e.code === "held-edits-locked"));
    expect(a.requests.get(id)?.name).toBe("Shared");
    expect(storage.keys("syncgate:held:")).toHaveLength(1);
    await a.signOut();
    expect(storage.keys("syncgate:held:")).toEqual([]);
  }, 60_000);
});
