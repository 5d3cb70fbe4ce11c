// The readers' defence, against the emulator: documents the rules cannot fully check
// (elements of lists) or that a bug left behind are shown by the SDK marked "needs
// repair" with the reason: never dropped, never crashing the client, never hidden for good.
import { Timestamp } from "firebase-admin/firestore";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { NeedsRepairError } from "../../client/src/index.js";
import { closeAdmins } from "../harness/admin.js";
import { ClientFleet, functionsAdmin, newAccount, watchUntil } from "../harness/clients.js";
import { entityData } from "../harness/factories.js";

const fleet = new ClientFleet();
afterEach(() => fleet.closeAll());
afterAll(closeAdmins);

describe("documents no honest client writes", () => {
  it("are shown with needsRepair and the reason, next to sound ones", async () => {
    const acc = await newAccount();
    const client = await fleet.start();
    await client.signIn({ identifier: acc.email, password: acc.password });
    await client.awaitInSync();
    const { db } = functionsAdmin();
    const meta = { rev: 1, updatedBy: "hostile-device", deleted: false, updatedAt: Timestamp.now() };
    const root = `users/${acc.uid}`;
    await db.doc(`${root}/collections/c1`).set({ ...entityData("collections"), ...meta });
    await db.doc(`${root}/requests/big-header`).set({ ...entityData("requests"), headers: [{ key: "X-Big", value: "x".repeat(300_000) }], ...meta });
    await db.doc(`${root}/requests/not-a-map`).set({ ...entityData("requests"), headers: ["oops"], ...meta });
    await db.doc(`${root}/collections/clear-secret`).set({ ...entityData("collections"), variables: [{ key: "token", value: "hunter2", type: "secret" }], ...meta });
    // an item whose import root never arrived, written long ago: it shows, marked
    await db.doc(`${root}/folders/orphan`).set({ ...entityData("folders"), importedWith: "never-arrives", ...meta, updatedAt: Timestamp.fromMillis(Date.now() - 2 * 3600_000) });
    const requests = await watchUntil(client.requests, "the requests", (items) => items.length === 2, {});
    const byId = Object.fromEntries(requests.map((r) => [r.id, r]));
    expect(byId["big-header"]?.needsRepair).toMatch(/headers\.0\.value/);
    expect(byId["not-a-map"]?.needsRepair).toMatch(/headers\.0/);
    const collections = await watchUntil(client.collections, "the collections", (items) => items.length === 2, {});
    expect(collections.find((c) => c.id === "c1")?.needsRepair).toBeUndefined();
    expect(collections.find((c) => c.id === "clear-secret")?.needsRepair).toMatch(/unencrypted/);
    const folders = await watchUntil(client.folders, "the orphan folder", (items) => items.length === 1, {});
    expect(folders[0]?.needsRepair).toMatch(/import never finished/);
    expect(client.status).not.toBe("OFFLINE");

    // an export never carries them silently: it refuses, naming them, or leaves them out when told to
    const refused = await client.postman.exportCollection("c1").then(() => undefined, (e: unknown) => e);
    expect(refused).toBeInstanceOf(NeedsRepairError);
    // the orphaned folder (collectionId c1, from an import that never finished) is named too
    expect((refused as NeedsRepairError).items.map((i) => i.id).sort()).toEqual(["big-header", "not-a-map", "orphan"]);
    const exported = await client.postman.exportCollection("c1", { skipNeedsRepair: true });
    expect(JSON.stringify(exported)).not.toContain("X-Big");
    await expect(client.postman.exportCollection("clear-secret", { skipNeedsRepair: true })).rejects.toBeInstanceOf(NeedsRepairError);
  });
});
