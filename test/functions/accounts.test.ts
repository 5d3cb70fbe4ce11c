// Accounts through the real callables: unique usernames under races, sign-in by
// username without revealing accounts, recovery mail, password reset, deletion.
import { signInWithEmailAndPassword } from "firebase/auth";
import { FunctionsError } from "firebase/functions";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { ClaimSessionResult, CreateAccountResult, SignInWithUsernameResult } from "../../schema/index.js";
import { call, functionsAdmin } from "../harness/accounts.js";
import { closeAdmins } from "../harness/admin.js";
import { Fleet } from "../harness/devices.js";
import { AUTH, FUNCTIONS_PROJECT_ID, uniqueSuffix } from "../harness/emulators.js";
import { waitUntil } from "../harness/wait.js";

const fleet = new Fleet();
afterEach(() => fleet.closeAll());
afterAll(closeAdmins);

const anon = () => fleet.caller(FUNCTIONS_PROJECT_ID);
const { db, auth } = functionsAdmin();
const PASSWORD = "s3cret-enough";

function account(name = `user${uniqueSuffix()}`) {
  return { email: `${name}@example.test`, username: name, password: PASSWORD };
}

async function callError(p: Promise<unknown>): Promise<FunctionsError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e, "the call should have failed").toBeInstanceOf(FunctionsError);
  return e as FunctionsError;
}

const authUserByEmail = (email: string) => auth.getUserByEmail(email).then(() => true, () => false);
const mailsTo = async (email: string) => (await db.collection("mail").where("to", "==", email).get()).docs.map((d) => d.data());

describe("createAccount", () => {
  it("of sign-ups racing for one username (any case), exactly one wins and the losers leave no Auth user", async () => {
    const name = `race${uniqueSuffix()}`;
    const contenders = Array.from({ length: 6 }, (_, i) => ({
      email: `${name}-${i}@example.test`,
      username: i % 2 ? name.toUpperCase() : name,
      password: PASSWORD,
    }));
    const results = await Promise.allSettled(contenders.map((c) => call<CreateAccountResult>(anon(), "createAccount", c)));
    const winners = results.flatMap((r, i) => (r.status === "fulfilled" ? [contenders[i]!] : []));
    expect(winners).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect((r.reason as FunctionsError).code).toBe("functions/already-exists");
    for (const c of contenders) expect(await authUserByEmail(c.email)).toBe(c === winners[0]);
    const reservation = await db.doc(`usernames/${name}`).get();
    expect(reservation.data()).toEqual({ uid: (await auth.getUserByEmail(winners[0]!.email)).uid });
  }, 90_000);

  it("a taken email gives already-exists and frees the username it had reserved", async () => {
    const first = account();
    await call(anon(), "createAccount", first);
    const second = { ...account(), email: first.email };
    expect((await callError(call(anon(), "createAccount", second))).code).toBe("functions/already-exists");
    expect((await db.doc(`usernames/${second.username}`).get()).exists).toBe(false);
    // the username is free for someone else
    await expect(call(anon(), "createAccount", { ...second, email: `other-${second.email}` })).resolves.toMatchObject({ uid: expect.any(String) });
  });

  it("refuses names and passwords outside the policy with invalid-argument, storing nothing", async () => {
    const base = account();
    for (const bad of [
      { ...base, username: "ab" },
      { ...base, username: "has space" },
      { ...base, username: "-dash" },
      { ...base, password: "short1" },
      { ...base, password: "onlyletters" },
      { ...base, email: "not-an-email" },
      { email: base.email, username: base.username },
    ]) {
      const e = await callError(call(anon(), "createAccount", bad));
      expect(e.code).toBe("functions/invalid-argument");
      expect(e.message.length).toBeGreaterThan(5);
    }
    expect(await authUserByEmail(base.email)).toBe(false);
    expect((await db.doc(`usernames/${base.username}`).get()).exists).toBe(false);
  });
});

describe("sign-in", () => {
  it("by username and by email both yield a session", async () => {
    const acc = account();
    await call(anon(), "createAccount", acc);
    const byName = anon();
    const { token } = await call<SignInWithUsernameResult>(byName, "signInWithUsername", { username: acc.username.toUpperCase(), password: PASSWORD });
    await byName.signInWithToken(token);
    const s1 = await call<ClaimSessionResult>(byName, "claimSession", { deviceId: "device-byname", deviceName: "A" });
    const byEmail = anon();
    await signInWithEmailAndPassword(byEmail.auth, acc.email, PASSWORD);
    const s2 = await call<ClaimSessionResult>(byEmail, "claimSession", { deviceId: "device-byemail", deviceName: "B" });
    expect(s2.sessions.map((s) => s.sid).sort()).toEqual([s1.sid, s2.sid].sort());
  });

  it("wrong password and unknown username are indistinguishable", async () => {
    const acc = account();
    await call(anon(), "createAccount", acc);
    const wrong = await callError(call(anon(), "signInWithUsername", { username: acc.username, password: "nope-nope-1" }));
    const unknown = await callError(call(anon(), "signInWithUsername", { username: `ghost${uniqueSuffix()}`, password: "nope-nope-1" }));
    expect(wrong.code).toBe("functions/unauthenticated");
    expect({ code: unknown.code, message: unknown.message, details: unknown.details }).toEqual({
      code: wrong.code,
      message: wrong.message,
      details: wrong.details,
    });
  });

  it("guessing is throttled per username with resource-exhausted", async () => {
    const acc = account();
    await call(anon(), "createAccount", acc);
    const codes: string[] = [];
    for (let i = 0; i < 11; i++) {
      codes.push((await callError(call(anon(), "signInWithUsername", { username: acc.username, password: `guess-${i}x` }))).code);
    }
    expect(codes.slice(0, 10).every((c) => c === "functions/unauthenticated")).toBe(true);
    expect(codes[10]).toBe("functions/resource-exhausted");
    // even the right password waits out the window
    expect((await callError(call(anon(), "signInWithUsername", { username: acc.username, password: PASSWORD }))).code).toBe("functions/resource-exhausted");
  }, 60_000);
});

describe("recovery", () => {
  it("recoverUsername mails the username to an existing account, and answers the same for unknown addresses", async () => {
    const acc = account();
    await call(anon(), "createAccount", acc);
    await expect(call(anon(), "recoverUsername", { email: acc.email.toUpperCase() })).resolves.toEqual({});
    const ghost = `ghost-${uniqueSuffix()}@example.test`;
    await expect(call(anon(), "recoverUsername", { email: ghost })).resolves.toEqual({});
    const mails = await mailsTo(acc.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!["message"]).toMatchObject({ subject: expect.stringContaining("username"), text: expect.stringContaining(acc.username) });
    expect(await mailsTo(ghost)).toHaveLength(0);
    expect((await callError(call(anon(), "recoverUsername", { email: "bad" }))).code).toBe("functions/invalid-argument");
  });

  it("the password reset link from the mail resets the password, and the new one signs in", async () => {
    const acc = account();
    await call(anon(), "createAccount", acc);
    await expect(call(anon(), "requestPasswordReset", { identifier: acc.username })).resolves.toEqual({});
    await expect(call(anon(), "requestPasswordReset", { identifier: `ghost${uniqueSuffix()}` })).resolves.toEqual({});
    expect((await callError(call(anon(), "requestPasswordReset", { identifier: "bad@" }))).code).toBe("functions/invalid-argument");
    const [mail] = await mailsTo(acc.email);
    const text = (mail!["message"] as { text: string }).text;
    const oobCode = new URL(text.match(/https?:\/\/\S+/)![0]).searchParams.get("oobCode");
    expect(oobCode).toBeTruthy();
    const res = await fetch(`http://${AUTH.host}:${AUTH.port}/identitytoolkit.googleapis.com/v1/accounts:resetPassword?key=demo-api-key`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ oobCode, newPassword: "brand-new-pass-2" }),
    });
    expect(res.status).toBe(200);
    expect((await callError(call(anon(), "signInWithUsername", { username: acc.username, password: PASSWORD }))).code).toBe("functions/unauthenticated");
    await expect(call(anon(), "signInWithUsername", { username: acc.username, password: "brand-new-pass-2" })).resolves.toMatchObject({
      token: expect.any(String),
    });
  });
});

describe("deleteAccount", () => {
  /** Every document under the user but the session end records, which stay until they expire. */
  async function everythingUnder(uid: string): Promise<number> {
    let count = (await db.doc(`users/${uid}`).get()).exists ? 1 : 0;
    for (const sub of await db.doc(`users/${uid}`).listCollections()) if (sub.id !== "sessionEnds") count += (await sub.get()).size;
    return count;
  }

  it("leaves no document under the user but the session end records, no username reservation and no Auth user; a retry is safe", async () => {
    const acc = account();
    const { uid } = await call<CreateAccountResult>(anon(), "createAccount", acc);
    const device = anon();
    await signInWithEmailAndPassword(device.auth, acc.email, PASSWORD);
    const { token } = await call<ClaimSessionResult>(device, "claimSession", { deviceId: "device-deleteme", deviceName: "A" });
    // a fresh sign-in's token is no session: it may not delete the account
    expect((await callError(call(device, "deleteAccount", {}))).code).toBe("functions/permission-denied");
    await device.signInWithToken(token);
    await db.doc(`users/${uid}/requests/r1`).set({ name: "x" });
    await db.doc(`users/${uid}/chunks/b_0`).set({ data: "x" });
    expect(await everythingUnder(uid)).toBeGreaterThan(2);
    await expect(call(device, "deleteAccount", {})).resolves.toEqual({});
    expect(await everythingUnder(uid)).toBe(0);
    // the ended device learns why from its record: a cause and dates, nothing personal, gone when it expires
    const ends = await db.collection(`users/${uid}/sessionEnds`).get();
    expect(ends.docs.map((d) => [d.get("cause"), Object.keys(d.data()).sort()])).toEqual([["account-deleted", ["cause", "endedAt", "expiresAt"]]]);
    expect(ends.docs[0]!.get("expiresAt").toMillis()).toBeGreaterThan(Date.now());
    expect((await db.doc(`usernames/${acc.username}`).get()).exists).toBe(false);
    expect(await authUserByEmail(acc.email)).toBe(false);
    // the caller's token still verifies until it expires: a retry succeeds and changes nothing
    await expect(call(device, "deleteAccount", {})).resolves.toEqual({});
    expect((await callError(call(anon(), "deleteAccount", {}))).code).toBe("functions/unauthenticated");
  });

  it("when the Auth user is deleted by other means, the data goes with it", async () => {
    const acc = account();
    const { uid } = await call<CreateAccountResult>(anon(), "createAccount", acc);
    await db.doc(`users/${uid}/requests/r1`).set({ name: "x" });
    await auth.deleteUser(uid);
    await waitUntil("the onDelete trigger to purge the user's data", async () => (await everythingUnder(uid)) === 0 && !(await db.doc(`usernames/${acc.username}`).get()).exists);
  });
});
