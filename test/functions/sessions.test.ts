// Device sessions through the real callables: the three-app limit under concurrency,
// slot reuse, eviction, release and revocation.
import { collection, doc, getDoc, onSnapshot, serverTimestamp, setDoc, updateDoc } from "firebase/firestore";
import { FunctionsError } from "firebase/functions";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { MAX_SESSIONS, type ClaimSessionResult, type SessionLimitDetails } from "../../schema/index.js";
import { call, deviceWithSession, functionsAdmin, newUser, signInProofToken } from "../harness/accounts.js";
import { closeAdmins } from "../harness/admin.js";
import { Fleet } from "../harness/devices.js";
import { FUNCTIONS_PROJECT_ID } from "../harness/emulators.js";
import { waitForValue } from "../harness/wait.js";

const fleet = new Fleet();
afterEach(() => fleet.closeAll());
afterAll(closeAdmins);

async function signedIn(uid: string) {
  const device = await fleet.start({ projectId: FUNCTIONS_PROJECT_ID });
  await device.signInWithToken(await signInProofToken(uid));
  return device;
}

const sessionCount = async (uid: string) => (await functionsAdmin().db.collection(`users/${uid}/sessions`).get()).size;

async function expectCallError(p: Promise<unknown>, code: string): Promise<FunctionsError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FunctionsError);
  expect((error as FunctionsError).code).toBe(`functions/${code}`);
  return error as FunctionsError;
}

describe("claimSession", () => {
  it("10 concurrent claims from 10 devices end with exactly 3 sessions, the rest resource-exhausted (5 rounds)", async () => {
    for (let round = 0; round < 5; round++) {
      const user = await newUser();
      const devices = await Promise.all(Array.from({ length: 10 }, () => signedIn(user.uid)));
      const results = await Promise.allSettled(
        devices.map((d, i) => call<ClaimSessionResult>(d, "claimSession", { deviceId: `device-${round}-${i}`, deviceName: `Device ${i}` })),
      );
      const won = results.filter((r) => r.status === "fulfilled");
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(won).toHaveLength(MAX_SESSIONS);
      for (const r of lost) expect((r.reason as FunctionsError).code).toBe("functions/resource-exhausted");
      expect(await sessionCount(user.uid)).toBe(MAX_SESSIONS);
      await fleet.closeAll();
    }
  }, 120_000);

  it("a 4th device gets resource-exhausted listing the active sessions (no device ids); re-claiming a device's slot ends its old session", async () => {
    const user = await newUser();
    const first = await deviceWithSession(fleet, user, "device-aaaa");
    await deviceWithSession(fleet, user, "device-bbbb");
    await deviceWithSession(fleet, user, "device-cccc");
    const fourth = await signedIn(user.uid);
    const error = await expectCallError(call(fourth, "claimSession", { deviceId: "device-dddd", deviceName: "Phone" }), "resource-exhausted");
    const details = error.details as SessionLimitDetails;
    expect(details.limit).toBe(3);
    expect(details.sessions.map((s) => s.deviceName).sort()).toEqual(["device-aaaa", "device-bbbb", "device-cccc"]);
    expect(JSON.stringify(details)).not.toMatch(/deviceId|device-aaaa.*device-aaaa/);
    // re-claiming with a device's id takes its slot over: a new sid, the old one ends
    const again = await call<ClaimSessionResult>(fourth, "claimSession", { deviceId: "device-aaaa", deviceName: "Laptop, renamed" });
    expect(again.sid).not.toBe(first.sid);
    expect((await functionsAdmin().db.doc(`users/${user.uid}/sessions/${first.sid}`).get()).exists).toBe(false);
    expect(await sessionCount(user.uid)).toBe(3);
  });

  it("evictOldest frees the least recently seen slot; evictSid frees a chosen one", async () => {
    const user = await newUser();
    const a = await deviceWithSession(fleet, user, "device-aaaa");
    const b = await deviceWithSession(fleet, user, "device-bbbb");
    await deviceWithSession(fleet, user, "device-cccc");
    // a heartbeat makes A recently seen, so B is the oldest now
    await setDoc(doc(a.device.db, `users/${user.uid}/sessions/${a.sid}`), { lastSeenAt: serverTimestamp() }, { merge: true });
    const d = await signedIn(user.uid);
    const res = await call<ClaimSessionResult>(d, "claimSession", { deviceId: "device-dddd", deviceName: "Phone", evictOldest: true });
    expect(res.sessions.map((s) => s.deviceName).sort()).toEqual(["Phone", "device-aaaa", "device-cccc"]);
    expect((await functionsAdmin().db.doc(`users/${user.uid}/sessions/${b.sid}`).get()).exists).toBe(false);

    const e = await signedIn(user.uid);
    const chosen = await call<ClaimSessionResult>(e, "claimSession", { deviceId: "device-eeee", deviceName: "Tablet", evictSid: a.sid });
    expect(chosen.sessions.map((s) => s.deviceName).sort()).toEqual(["Phone", "Tablet", "device-cccc"]);
  });

  it("refuses bad input and anonymous callers, storing nothing", async () => {
    const user = await newUser();
    const device = await signedIn(user.uid);
    await expectCallError(call(device, "claimSession", { deviceId: "short", deviceName: "x" }), "invalid-argument");
    await expectCallError(call(device, "claimSession", { deviceId: "device-aaaa", deviceName: "" }), "invalid-argument");
    await expectCallError(call(device, "claimSession", { deviceId: "device-aaaa", deviceName: "x".repeat(200) }), "invalid-argument");
    const anonymous = fleet.caller(FUNCTIONS_PROJECT_ID);
    await expectCallError(call(anonymous, "claimSession", { deviceId: "device-aaaa", deviceName: "x" }), "unauthenticated");
    expect(await sessionCount(user.uid)).toBe(0);
  });
});

describe("releaseSession and revokeSession", () => {
  it("release frees the slot; releasing it again is done already (idempotent), an unknown sid is permission-denied", async () => {
    const user = await newUser();
    const a = await deviceWithSession(fleet, user);
    await call(a.device, "releaseSession", { sid: a.sid });
    expect(await sessionCount(user.uid)).toBe(0);
    await expect(call(a.device, "releaseSession", { sid: a.sid })).resolves.toEqual({});
    await expectCallError(call(a.device, "releaseSession", { sid: "someone-else" }), "permission-denied");
  });

  it("revocation cuts the revoked device off at once: reads, writes and its open listener", async () => {
    const user = await newUser();
    const a = await deviceWithSession(fleet, user);
    const b = await deviceWithSession(fleet, user);
    const errors: string[] = [];
    const listening = waitForValue<number>(
      "B's listener to be confirmed by the server",
      (next, error) => onSnapshot(collection(b.device.db, `users/${user.uid}/sessions`), (s) => !s.metadata.fromCache && next(s.size), error),
      (n) => n === 2,
    );
    await listening;
    const denied = new Promise<string>((resolve) =>
      onSnapshot(
        collection(b.device.db, `users/${user.uid}/sessions`),
        () => undefined,
        (e) => {
          errors.push(e.code);
          resolve(e.code);
        },
      ),
    );
    await call(a.device, "revokeSession", { sid: b.sid });
    await expect(denied).resolves.toBe("permission-denied");
    await expect(getDoc(doc(b.device.db, `users/${user.uid}/sessions/${a.sid}`))).rejects.toMatchObject({ code: "permission-denied" });
    await expect(updateDoc(doc(b.device.db, `users/${user.uid}/sessions/${b.sid}`), { lastSeenAt: serverTimestamp() })).rejects.toMatchObject({
      code: expect.stringMatching(/permission-denied|not-found/),
    });
    // A still works
    expect((await getDoc(doc(a.device.db, `users/${user.uid}/sessions/${a.sid}`))).exists()).toBe(true);
    // revoking again is done already; an unknown sid is not-found; a device whose own session is gone may not revoke
    await expect(call(a.device, "revokeSession", { sid: b.sid })).resolves.toEqual({});
    await expectCallError(call(a.device, "revokeSession", { sid: "never-existed" }), "not-found");
    await expectCallError(call(b.device, "revokeSession", { sid: a.sid }), "permission-denied");
  });
});
