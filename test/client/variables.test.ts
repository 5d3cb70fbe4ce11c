// Environment and global variables: initialValue syncs, currentValue stays on the device
// unless the variable opts in, and secret values are encrypted before they reach
// Firestore yet readable on every signed-in device of the user.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { isLockedSecret, ValidationError } from "../../client/src/index.js";
import { closeAdmins } from "../harness/admin.js";
import { ClientFleet, functionsAdmin, newAccount, watchUntil } from "../harness/clients.js";

const fleet = new ClientFleet();
afterEach(() => fleet.closeAll());
afterAll(closeAdmins);

async function twoDevices() {
  const user = await newAccount();
  const [a, b] = [await fleet.start({ name: "A" }), await fleet.start({ name: "B" })];
  await a.signIn({ identifier: user.email, password: user.password });
  await b.signIn({ identifier: user.username, password: user.password });
  return { user, a, b };
}

const stored = async (path: string) => (await functionsAdmin().db.doc(path).get()).data();

describe("variables", () => {
  it("currentValue stays on the device unless the variable opts in to sharing it", async () => {
    const { user, a, b } = await twoDevices();
    const env = a.environments.create({ name: "Staging" });
    const id = a.environmentVariables.create({ environmentId: env, key: "token", initialValue: "init", type: "default", enabled: true });
    a.environmentVariables.update(id, { currentValue: "local-only" });
    await a.awaitInSync();
    expect(a.environmentVariables.get(id)?.currentValue).toBe("local-only");
    expect(await stored(`users/${user.uid}/environmentVariables/${id}`)).not.toHaveProperty("currentValue");
    const onB = await watchUntil(b.environmentVariables, "B to see the variable", (v) => v.length === 1, { where: { environmentId: env } });
    expect(onB[0]!.initialValue).toBe("init");
    expect(onB[0]!.currentValue).toBeUndefined();

    a.environmentVariables.update(id, { shareCurrentValue: true, currentValue: "shared-now" });
    await watchUntil(b.environmentVariables, "B to see the shared current value", (v) => v[0]?.currentValue === "shared-now");
  });

  it("secret values are stored encrypted and read in clear on the user's other device", async () => {
    const { user, a, b } = await twoDevices();
    const id = a.globals.create({ key: "apiKey", initialValue: "sk-live-123", type: "secret", enabled: true, shareCurrentValue: true, currentValue: "sk-cur-456" });
    await a.awaitInSync();
    const raw = await stored(`users/${user.uid}/globals/${id}`);
    expect(raw?.["initialValue"]).toMatch(/^sg1:/);
    expect(raw?.["currentValue"]).toMatch(/^sg1:/);
    expect(JSON.stringify(raw)).not.toContain("sk-live-123");
    const onB = await watchUntil(b.globals, "B to decrypt the secret", (g) => g.length === 1);
    expect(onB[0]).toMatchObject({ initialValue: "sk-live-123", currentValue: "sk-cur-456" });

    // turning a default variable into a secret encrypts the value it already had
    const plain = a.globals.create({ key: "host", initialValue: "example.test", type: "default", enabled: true });
    a.globals.update(plain, { type: "secret" });
    await a.awaitInSync();
    expect((await stored(`users/${user.uid}/globals/${plain}`))?.["initialValue"]).toMatch(/^sg1:/);
    expect(a.globals.get(plain)?.initialValue).toBe("example.test");

    // a secret too long to store encrypted is refused at once, and nothing shows or syncs
    const long = "k".repeat(200_000);
    expect(() => a.globals.create({ key: "huge", initialValue: long, type: "secret", enabled: true })).toThrow(ValidationError);
    const longPlain = a.globals.create({ key: "huge", initialValue: long, type: "default", enabled: true });
    expect(() => a.globals.update(longPlain, { type: "secret" })).toThrow(/too long to store encrypted/);
    expect(a.globals.get(longPlain)?.type).toBe("default");
    expect(a.globals.list().filter((g) => g.key === "huge")).toHaveLength(1);
  });

  it("secret variables of collections, folders and requests are stored encrypted too, read in clear on the other device, and sound", async () => {
    const { user, a, b } = await twoDevices();
    const id = a.collections.create({
      name: "Payments",
      variables: [
        { key: "base", value: "https://api.test" },
        { key: "token", value: "tok-secret-789", type: "secret" },
      ],
    });
    await a.awaitInSync();
    const raw = await stored(`users/${user.uid}/collections/${id}`);
    expect(JSON.stringify(raw)).not.toContain("tok-secret-789");
    expect((raw?.["variables"] as { value: string }[])[1]!.value).toMatch(/^sg1:/);
    expect((raw?.["variables"] as { value: string }[])[0]!.value).toBe("https://api.test");
    const onB = await watchUntil(b.collections, "B to decrypt the collection's secret", (c) => c.length === 1);
    expect(onB[0]!.variables?.[1]).toMatchObject({ key: "token", value: "tok-secret-789", type: "secret" });
    expect(onB[0]!.needsRepair).toBeUndefined();
    expect(a.collections.get(id)?.variables?.[1]?.value).toBe("tok-secret-789");

    // folders and requests keep Postman's own variable lists in extra: secrets there too
    const folder = a.folders.create({ collectionId: id, parentFolderId: null, name: "Auth", order: 1, extra: { variable: [{ key: "pin", value: "4242-secret", type: "secret" }] } });
    const request = a.requests.create({
      collectionId: id, folderId: folder, name: "Login", method: "GET", url: { raw: "x" }, headers: [], order: 1,
      extra: { item: { variable: [{ key: "otp", value: "otp-secret-1", type: "secret" }] } },
    });
    await a.awaitInSync();
    expect(JSON.stringify(await stored(`users/${user.uid}/folders/${folder}`))).not.toContain("4242-secret");
    expect(JSON.stringify(await stored(`users/${user.uid}/requests/${request}`))).not.toContain("otp-secret-1");
    const folderOnB = await watchUntil(b.folders, "B to decrypt the folder's secret", (f) => f.length === 1);
    expect((folderOnB[0]!.extra as { variable: { value: string }[] }).variable[0]!.value).toBe("4242-secret");
    expect(folderOnB[0]!.needsRepair).toBeUndefined();
    const requestOnB = await watchUntil(b.requests, "B to decrypt the request's secret", (r) => r.length === 1);
    expect((requestOnB[0]!.extra as { item: { variable: { value: string }[] } }).item.variable[0]!.value).toBe("otp-secret-1");
  });

  it("a device that derived another key sees the envelope, marked locked, instead of a wrong value", async () => {
    const user = await newAccount();
    const a = await fleet.start({ name: "A" });
    await a.signIn({ identifier: user.email, password: user.password, secretsPassphrase: "first passphrase" });
    const id = a.globals.create({ key: "k", initialValue: "v", type: "secret", enabled: true });
    await a.awaitInSync();
    const b = await fleet.start({ name: "B" });
    await b.signIn({ identifier: user.email, password: user.password, secretsPassphrase: "another passphrase" });
    const seen = await watchUntil(b.globals, "B to receive the secret", (g) => g.some((x) => x.id === id));
    expect(isLockedSecret(seen[0]!.initialValue)).toBe(true);
  });
});
