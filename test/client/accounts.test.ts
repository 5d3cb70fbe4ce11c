// The SDK's account calls: sign-up signs in, recovery calls answer the same for unknown
// accounts, deleting the account wipes the server and this device.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { SyncGateError } from "../../client/src/index.js";
import { closeAdmins } from "../harness/admin.js";
import { ClientFleet, functionsAdmin } from "../harness/clients.js";
import { uniqueSuffix } from "../harness/emulators.js";
import { entityData } from "../harness/factories.js";

const fleet = new ClientFleet();
afterEach(() => fleet.closeAll());
afterAll(closeAdmins);

describe("accounts through the SDK", () => {
  it("signUp signs in; recovery answers alike for unknown accounts; deleteAccount leaves nothing", async () => {
    const username = `sdk${uniqueSuffix()}`;
    const email = `${username}@example.test`;
    const client = await fleet.start({ name: "Phone" });
    await client.signUp({ email, username, password: "long-enough-1" });
    await client.awaitInSync();
    const uid = client.uid!;
    client.requests.create(entityData("requests"));
    await client.awaitInSync();

    const other = await fleet.start();
    await expect(other.recoverUsername(email)).resolves.toBeUndefined();
    await expect(other.recoverUsername(`ghost-${email}`)).resolves.toBeUndefined();
    await expect(other.requestPasswordReset(`ghost${uniqueSuffix()}`)).resolves.toBeUndefined();
    const taken = await other.signUp({ email: `x-${email}`, username, password: "long-enough-1" }).then(() => undefined, (e: unknown) => e);
    expect((taken as SyncGateError).code).toBe("account-exists");
    const weak = await other.signUp({ email: `y-${email}`, username: `w${username}`, password: "short" }).then(() => undefined, (e: unknown) => e);
    expect((weak as SyncGateError).code).toBe("invalid-argument");

    const ended: string[] = [];
    client.onSessionEnded((r) => ended.push(r));
    // the wrong password deletes nothing and keeps the device signed in
    const wrong = await client.deleteAccount({ password: "not-it-at-all-1" }).then(() => undefined, (e: unknown) => e);
    expect((wrong as SyncGateError).code).toBe("invalid-credentials");
    expect(client.status).not.toBe("OFFLINE");
    expect((await functionsAdmin().db.doc(`users/${uid}`).get()).exists).toBe(true);
    await client.deleteAccount({ password: "long-enough-1" });
    expect(ended).toEqual(["account-deleted"]);
    expect(client.status).toBe("OFFLINE");
    const { db } = functionsAdmin();
    // nothing stays but the session end records (a cause and dates), which expire
    expect((await db.doc(`users/${uid}`).listCollections()).map((c) => c.id)).toEqual(["sessionEnds"]);
    expect((await db.doc(`usernames/${username}`).get()).exists).toBe(false);
  });
});
