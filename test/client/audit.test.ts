// The audit for real: a change the listener is sent but never receives (the fault proxy
// loses that one update; the stream carries on, so Firestore never knows) leaves the device
// IN_SYNC with the old version, until the audit finds the view behind the server and shows
// the missed version. Tombstones the purge deleted, which a delta listener never hears of,
// leave the trash. When nothing is missed, audits read no documents and repair nothing.
import type { DocumentReference } from "firebase-admin/firestore";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { SyncClient } from "../../client/src/index.js";
import { closeAdmins } from "../harness/admin.js";
import { ClientFleet, functionsAdmin, newAccount, watchUntil } from "../harness/clients.js";
import { uniqueSuffix } from "../harness/emulators.js";
import { waitUntil } from "../harness/wait.js";
import { entityData } from "../harness/factories.js";

const fleet = new ClientFleet();
afterEach(() => fleet.closeAll());
afterAll(closeAdmins);

// short enough for a test; the defaults are seconds to minutes
const audit = { afterSyncMs: 500, minGapMs: 0, intervalMs: 2_000, confirmMs: 3_000 };

async function twoDevices() {
  const user = await newAccount();
  const a = await fleet.device({ name: "Audited", audit });
  const b = await fleet.start({ name: "Writer" });
  await a.client.signIn({ identifier: user.email, password: user.password });
  await b.signIn({ identifier: user.email, password: user.password });
  await Promise.all([a.client.awaitInSync(), b.awaitInSync()]);
  return { user, a, b };
}

describe("audit of the views against the server", () => {
  it("a change the listener never received is found and shown, though the device was IN_SYNC without it", async () => {
    const { user, a, b } = await twoDevices();
    const id = b.requests.create({ ...entityData("requests"), name: "Before" });
    await watchUntil(a.client.requests, "the request on A", (xs) => xs.some((x) => x.id === id && !x.pending));
    // A's audits have confirmed the view as it is now
    await waitUntil("an audit on A to match", () => a.client.metrics.audits >= 9 && a.client.status === "IN_SYNC");

    const marker = `Missed ${uniqueSuffix()}`;
    a.link.loseListenUpdateCarrying(marker);
    b.requests.update(id, { name: marker });
    await b.awaitInSync();
    await waitUntil("the update to A to be lost", () => a.link.listenUpdatesLost === 1);
    // the listener carries on as if nothing happened: A is IN_SYNC with the old version
    expect(a.client.status).toBe("IN_SYNC");
    expect(a.client.requests.get(id)).toMatchObject({ name: "Before", rev: 1 });

    // nothing changes for A until an audit finds its view behind and repairs it
    await waitUntil("an audit on A to repair", () => a.client.metrics.auditRepairs > 0, 30_000);
    await watchUntil(a.client.requests, "the missed version on A", (xs) => xs.some((x) => x.id === id && x.name === marker && x.rev === 2));
    expect(a.client.metrics.auditRepairs).toBe(1);
    // the repair reopened the connection too (the stream might have stopped delivering)
    await a.client.awaitInSync();
    expect((await functionsAdmin().db.doc(`users/${user.uid}/requests/${id}`).get()).get("rev")).toBe(2);
    // later changes arrive as usual, and nothing else needed repairing
    b.requests.update(id, { name: "After" });
    await watchUntil(a.client.requests, "the next version on A", (xs) => xs.some((x) => x.id === id && x.name === "After" && x.rev === 3));
    expect(a.client.metrics.auditRepairs).toBe(1);
  }, 60_000);

  /**
   * A persistent device holding a live request and a tombstone; `age` runs before it
   * restarts with a delta listener. Then the purge deletes the tombstone outright (as
   * purgeTombstones does): the test waits for it to leave the device's trash.
   */
  async function purgedUnderDeltaListener(age: (tombstone: DocumentReference, client: SyncClient) => Promise<void>): Promise<SyncClient> {
    const user = await newAccount();
    const device = await fleet.device({ name: "Long-running", persistence: "indexeddb", audit });
    await device.client.signIn({ identifier: user.email, password: user.password });
    const kept = device.client.requests.create({ ...entityData("requests"), name: "Kept" });
    const gone = device.client.requests.create({ ...entityData("requests"), name: "Gone" });
    await device.client.awaitInSync();
    device.client.requests.remove(gone);
    await device.client.awaitInSync();
    const ref = functionsAdmin().db.doc(`users/${user.uid}/requests/${gone}`);
    await age(ref, device.client);
    // back from the cache and a checkpoint: listening to what changed since (a delta)
    const back = await device.restart();
    await back.ready;
    await back.awaitInSync();
    expect(back.requests.trash().map((x) => x.id)).toEqual([gone]);
    await ref.delete();
    await watchUntil(back.requests, "the purged tombstone to leave", (xs) => xs.length === 1 && xs[0]!.id === kept, { includeDeleted: true }, 30_000);
    expect(back.requests.trash()).toEqual([]);
    return back;
  }

  it("a tombstone purged within the audited window (changed since the last audit) leaves the trash by the audit", async () => {
    const back = await purgedUnderDeltaListener(async () => undefined);
    expect(back.metrics.auditRepairs).toBe(1);
  }, 60_000);

  it("a tombstone past the retention that the purge deleted leaves a delta-listening device's trash", async () => {
    const DAY = 24 * 60 * 60 * 1000;
    const back = await purgedUnderDeltaListener(async (ref, client) => {
      // the tombstone ages past the retention (30 days), as seen by the full listener
      await ref.update({ updatedAt: new Date(Date.now() - 40 * DAY) });
      await watchUntil(client.requests, "the aged tombstone", (xs) => xs.some((x) => x.deleted && x.updatedAt!.getTime() < Date.now() - 39 * DAY));
    });
    // not the audit's doing: the tombstone was outside its window
    expect(back.metrics.auditRepairs).toBe(0);
  }, 60_000);

  it("when the views hold what the server holds, audits read no documents and repair nothing", async () => {
    const { a, b } = await twoDevices();
    const ids = [0, 1, 2].map((i) => b.requests.create({ ...entityData("requests"), name: `R${i}` }));
    b.environments.create(entityData("environments"));
    await b.awaitInSync();
    ids.forEach((id, i) => b.requests.update(id, { name: `R${i} edited` }));
    b.requests.remove(ids[0]!);
    await b.awaitInSync();
    await watchUntil(a.client.requests, "B's edits on A", (xs) => xs.filter((x) => x.name.endsWith("edited") && !x.pending).length === 3 && xs.some((x) => x.id === ids[0] && x.deleted));
    a.client.requests.update(ids[1]!, { url: { raw: "https://a.test" } });
    await a.client.awaitInSync();
    const read = a.client.metrics.documentsFromServer;
    const before = a.client.metrics.audits;
    // two passes over all nine kinds after the last change
    await waitUntil("two more audit passes on A", () => a.client.metrics.audits >= before + 18, 30_000);
    expect(a.client.metrics.auditRepairs).toBe(0);
    expect(a.client.metrics.documentsFromServer).toBe(read);
  }, 60_000);

  it("a device audits after its start and after a reconnect, never for its own edits (and no periodic pass by default)", async () => {
    const user = await newAccount();
    // the default policy on short timings
    const device = await fleet.device({ name: "Edits only", audit: { afterSyncMs: 500, minGapMs: 0, confirmMs: 3_000 } });
    const a = device.client;
    await a.signIn({ identifier: user.email, password: user.password });
    await a.awaitInSync();
    await waitUntil("the start's pass", () => a.metrics.audits === 9, 20_000);
    for (let i = 0; i < 3; i++) {
      a.requests.create({ ...entityData("requests"), name: `Edit ${i}` });
      await a.awaitInSync();
    }
    await new Promise((r) => setTimeout(r, 3_000)); // six times afterSyncMs: no pass came
    expect(a.metrics.audits).toBe(9);
    device.link.cut();
    await waitUntil("the device to notice the cut", () => a.status === "CONNECTING", 20_000);
    device.link.heal();
    await a.reconnect();
    // a small account: each query is billed one read
    await waitUntil("the reconnect's pass, billed a read a query", () => a.metrics.audits === 18 && a.metrics.aggregationReads === 18, 30_000);
    expect(a.metrics.audits).toBe(18);
  }, 90_000);
});
