// The status for real: sign-in walks OFFLINE → CONNECTING → SYNCING → IN_SYNC; a cut of
// the connection (fault proxy) shows CONNECTING with offline edits counted as pending;
// healing goes SYNCING → IN_SYNC and the edits reach the other device; a write whose
// acknowledgement is lost on a live connection does not leave the status stuck.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { closeAdmins } from "../harness/admin.js";
import { ClientFleet, functionsAdmin, newAccount, recordStatuses, watchUntil } from "../harness/clients.js";
import { waitUntil } from "../harness/wait.js";
import { entityData } from "../harness/factories.js";

const fleet = new ClientFleet();
afterEach(() => fleet.closeAll());
afterAll(closeAdmins);

describe("sync status", () => {
  it("sign-in goes OFFLINE → CONNECTING → SYNCING → IN_SYNC, with a last-sync time", async () => {
    const user = await newAccount();
    const client = await fleet.start();
    const seen = recordStatuses(client);
    expect(client.status).toBe("OFFLINE");
    await client.signIn({ identifier: user.email, password: user.password });
    await client.awaitInSync();
    expect(seen).toEqual(["OFFLINE", "CONNECTING", "SYNCING", "IN_SYNC"]);
    expect(client.lastSyncedAt).toBeInstanceOf(Date);
    expect(client.pendingWrites).toBe(0);
  });

  it("a cut connection shows CONNECTING and counts offline edits; heal goes SYNCING → IN_SYNC and nothing is lost", async () => {
    const user = await newAccount();
    const { client: a, link: proxy } = await fleet.device({ name: "Cut laptop" });
    const b = await fleet.start({ name: "Other" });
    await a.signIn({ identifier: user.email, password: user.password });
    await b.signIn({ identifier: user.email, password: user.password });
    await Promise.all([a.awaitInSync(), b.awaitInSync()]);

    proxy.cut();
    await waitUntil("A to notice the cut", () => a.status === "CONNECTING", 20_000);
    const ids = [0, 1, 2].map((i) => a.requests.create({ ...entityData("requests"), name: `Offline ${i}` }));
    await waitUntil("pending count to show 3 offline edits", () => a.pendingWrites >= 3);
    expect(a.status).toBe("CONNECTING");
    const pendingIds = await waitUntil("the offline edits to show as pending", () => {
      const pending = a.requests.list().filter((r) => r.pending).map((r) => r.id);
      return pending.length === 3 && pending.sort();
    });
    expect(pendingIds).toEqual([...ids].sort());

    const after = recordStatuses(a);
    proxy.heal();
    await a.awaitInSync(30_000);
    expect(after[0]).toBe("CONNECTING");
    expect(after).toContain("SYNCING");
    expect(after[after.length - 1]).toBe("IN_SYNC");
    expect(after.indexOf("SYNCING")).toBeLessThan(after.lastIndexOf("IN_SYNC"));
    expect(a.pendingWrites).toBe(0);
    await watchUntil(b.requests, "B to have the offline edits", (items) => ids.every((id) => items.some((r) => r.id === id && !r.pending)));
  }, 60_000);

  it("a write whose acknowledgement is lost on a live connection: the client reconnects, finds it landed and settles, once", async () => {
    const user = await newAccount();
    const { client: a, link } = await fleet.device({ name: "Lossy", stallTimeoutMs: 3_000 });
    const b = await fleet.start({ name: "Other" });
    await a.signIn({ identifier: user.email, password: user.password });
    await b.signIn({ identifier: user.email, password: user.password });
    const id = a.requests.create({ ...entityData("requests"), name: "Before" });
    await Promise.all([a.awaitInSync(), b.awaitInSync()]);

    link.loseRepliesOfOpenStreams();
    a.requests.update(id, { name: "After" });
    const server = functionsAdmin().db.doc(`users/${user.uid}/requests/${id}`);
    await waitUntil("the write to land on the server", async () => (await server.get()).get("name") === "After");
    // landed, but its acknowledgement is lost: Firestore alone would wait for ever
    expect(a.status).toBe("SYNCING");
    expect(a.requests.get(id)?.pending).toBe(true);

    await a.awaitInSync(30_000);
    expect(a.metrics.stallReconnects).toBeGreaterThanOrEqual(1);
    expect(a.requests.get(id)).toMatchObject({ name: "After", rev: 2, pending: false });
    // the re-sent write was refused (its revision taken) and merged into itself: no copy, no second revision
    expect(a.requests.list().map((r) => r.name)).toEqual(["After"]);
    expect((await server.get()).get("rev")).toBe(2);
    await watchUntil(b.requests, "the other device to have it", (items) => items.length === 1 && items[0]!.name === "After");
  }, 60_000);
});
