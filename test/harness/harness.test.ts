// Proves the harness end to end: product rules deny by default, two devices of one user
// see each other's writes, and the fault proxy really cuts and heals a listener.
import { readFileSync } from "node:fs";
import { doc, getDoc, onSnapshot, setDoc } from "firebase/firestore";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { adminFor, clearFirestore, closeAdmins, loadRules } from "./admin.js";
import { Fleet } from "./devices.js";
import { FIRESTORE, projectIdFor } from "./emulators.js";
import { FaultProxy } from "./fault-proxy.js";
import { waitForValue } from "./wait.js";

const productProject = `${projectIdFor(import.meta.url)}-p`;
const harnessProject = projectIdFor(import.meta.url);
const fleet = new Fleet();
const admin = adminFor(harnessProject);

async function signedInDevice(projectId: string, uid: string, firestoreVia?: FaultProxy) {
  const device = await fleet.start({ projectId, ...(firestoreVia ? { firestoreVia } : {}) });
  await device.signInWithToken(await adminFor(projectId).auth.createCustomToken(uid));
  return device;
}

beforeAll(async () => {
  await loadRules(productProject, readFileSync("firestore.rules", "utf8"));
  await loadRules(harnessProject, readFileSync("test/fixtures/owner-only.rules", "utf8"));
});
afterEach(async () => {
  await fleet.closeAll();
  await clearFirestore(harnessProject);
});
afterAll(closeAdmins);

describe("harness", () => {
  it("product rules deny a signed-in client's write by default, and nothing is stored", async () => {
    const device = await signedInDevice(productProject, "alice");
    await expect(setDoc(doc(device.db, "users/alice/requests/r1"), { name: "x" })).rejects.toMatchObject({
      code: "permission-denied",
    });
    const stored = await adminFor(productProject).db.doc("users/alice/requests/r1").get();
    expect(stored.exists).toBe(false);
  });

  it("two devices of one user see each other's writes", async () => {
    const [a, b] = [await signedInDevice(harnessProject, "bob"), await signedInDevice(harnessProject, "bob")];
    const seen = waitForValue<string | undefined>(
      "device B to see A's write",
      (next, error) => onSnapshot(doc(b.db, "users/bob/requests/r1"), (s) => next(s.get("name") as string | undefined), error),
      (name) => name === "Login",
      45_000, // the emulator's first delivery to a new listener has taken over 15 s under the full suite's load
    );
    await setDoc(doc(a.db, "users/bob/requests/r1"), { name: "Login" });
    await expect(seen).resolves.toBe("Login");
    const back = waitForValue<string | undefined>(
      "device A to see B's write",
      (next, error) => onSnapshot(doc(a.db, "users/bob/requests/r1"), (s) => next(s.get("name") as string | undefined), error),
      (name) => name === "Logout",
      45_000,
    );
    await setDoc(doc(b.db, "users/bob/requests/r1"), { name: "Logout" });
    await expect(back).resolves.toBe("Logout");
  });

  it("a listener through a cut proxy stops receiving and catches up after heal", async () => {
    const proxy = await FaultProxy.start(FIRESTORE);
    try {
      const writer = await signedInDevice(harnessProject, "carol");
      const reader = await signedInDevice(harnessProject, "carol", proxy);
      const names: string[] = [];
      const fromCache: boolean[] = [];
      const stop = onSnapshot(doc(reader.db, "users/carol/requests/r1"), { includeMetadataChanges: true }, (s) => {
        names.push(String(s.get("name")));
        fromCache.push(s.metadata.fromCache);
      });
      await setDoc(doc(writer.db, "users/carol/requests/r1"), { name: "v1" });
      // through the proxy on a loaded machine the first connection can take a while (seen past 15 s in CI)
      await waitForValue("reader to see v1", (next) => onSnapshot(doc(reader.db, "users/carol/requests/r1"), (s) => next(s.get("name"))), (n) => n === "v1", 45_000);

      proxy.cut();
      await setDoc(doc(writer.db, "users/carol/requests/r1"), { name: "v2" });
      // The server has v2 ...
      expect((await admin.db.doc("users/carol/requests/r1").get()).get("name")).toBe("v2");
      // ... but the cut reader does not get it.
      await new Promise((r) => setTimeout(r, 1500));
      expect(names).not.toContain("v2");

      proxy.heal();
      await waitForValue("reader to catch up after heal", (next) => onSnapshot(doc(reader.db, "users/carol/requests/r1"), (s) => next(s.get("name"))), (n) => n === "v2", 30_000);
      expect((await getDoc(doc(reader.db, "users/carol/requests/r1"))).get("name")).toBe("v2");
      stop();
      expect(fromCache[0]).toBeDefined();
    } finally {
      await proxy.close();
    }
  }, 90_000);
});
