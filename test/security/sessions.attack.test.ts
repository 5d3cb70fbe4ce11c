// Attacks on the session gate with real Auth-emulator tokens over raw HTTP: an ended
// session's token, tokens that prove no fresh sign-in, device ids used as credentials,
// deleted and never-created accounts. Each asserts the refusal and that nothing changed.
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_SESSION_INACTIVITY_DAYS, MAX_SESSIONS, type SessionLimitDetails } from "../../schema/index.js";
import { sweepStaleSessions } from "../../functions/src/sweeps/stale-sessions.js";
import { functionsAdmin, newUser, signInProofToken } from "../harness/accounts.js";
import { closeAdmins } from "../harness/admin.js";
import { uniqueSuffix } from "../harness/emulators.js";
import { clientSideSignUp, idTokenFromCustom, passwordSignIn, rawCall } from "../harness/raw-client.js";
import { Timestamp } from "firebase-admin/firestore";
import { admin, canRead, claim, profileExists, proofToken, restGet, sessionIds, userWithSessions, type RawSession } from "./support.js";

afterAll(closeAdmins);

type Ending = "revoked" | "evicted" | "replaced" | "expired" | "released";
const ENDINGS: Ending[] = ["revoked", "evicted", "replaced", "expired", "released"];

/** Ends `victim` the way a user or the server would; `other` is a live session of the same account. */
async function end(uid: string, victim: RawSession & { deviceId: string }, other: RawSession, how: Ending): Promise<void> {
  const ok = (a: { code: string; message?: string }) => expect(a.code, a.message).toBe("OK");
  if (how === "revoked") ok(await rawCall("revokeSession", { sid: victim.sid }, { idToken: other.idToken }));
  if (how === "released") ok(await rawCall("releaseSession", { sid: victim.sid }, { idToken: victim.idToken }));
  if (how === "evicted") await claim(uid, `evictor-${uniqueSuffix()}`, { evictSid: victim.sid });
  if (how === "replaced") await claim(uid, victim.deviceId);
  if (how === "expired") await admin().db.doc(`users/${uid}/sessions/${victim.sid}`).update({ lastSeenAt: Timestamp.fromMillis(Date.now() - 31 * 86_400_000) });
}

describe.each(ENDINGS)("a device whose session was %s", (how) => {
  async function setUp() {
    const user = await newUser();
    const deviceId = `victim-${uniqueSuffix()}`;
    const victim = { ...(await claim(user.uid, deviceId)), deviceId };
    const other = await claim(user.uid);
    await end(user.uid, victim, other, how);
    const before = await sessionIds(user.uid);
    return { user, victim, other, before };
  }

  it("cannot claim a new session with its token (no password, no session)", async () => {
    const { user, victim, before } = await setUp();
    expect((await rawCall("claimSession", { deviceId: `new-${uniqueSuffix()}`, deviceName: "x" }, { idToken: victim.idToken })).code).toBe("UNAUTHENTICATED");
    expect(await sessionIds(user.uid)).toEqual(before);
  });

  it("cannot release or revoke the account's other session", async () => {
    const { user, victim, other, before } = await setUp();
    expect((await rawCall("releaseSession", { sid: other.sid }, { idToken: victim.idToken })).code).toBe("PERMISSION_DENIED");
    expect((await rawCall("revokeSession", { sid: other.sid }, { idToken: victim.idToken })).code).toBe("PERMISSION_DENIED");
    expect(await sessionIds(user.uid)).toEqual(before);
    expect(before).toContain(other.sid);
  });

  it("cannot delete the account or confirm a password to get there", async () => {
    const { user, victim } = await setUp();
    expect((await rawCall("confirmPassword", { password: user.password }, { idToken: victim.idToken })).code).toBe("PERMISSION_DENIED");
    expect((await rawCall("deleteAccount", {}, { idToken: victim.idToken })).code).toBe("PERMISSION_DENIED");
    expect(await profileExists(user.uid)).toBe(true);
  });

  it("cannot read the account's data any more", async () => {
    const { user, victim, other } = await setUp();
    // an expired session is refused by callables at once, and cut off from data by the hourly sweep
    if (how === "expired") await sweepStaleSessions(admin().db, Date.now(), DEFAULT_SESSION_INACTIVITY_DAYS * 86_400_000);
    expect(await canRead(user.uid, other.sid, victim.idToken)).toBe(false);
    expect(await canRead(user.uid, other.sid, other.idToken)).toBe(true);
  });

  it("learns why from its own end record, which no other session can read", async () => {
    const { user, victim, other } = await setUp();
    if (how === "expired") await sweepStaleSessions(admin().db, Date.now(), DEFAULT_SESSION_INACTIVITY_DAYS * 86_400_000);
    const own = await restGet(`users/${user.uid}/sessionEnds/${victim.sid}`, victim.idToken);
    expect([own.status, own.fields?.["cause"]?.stringValue]).toEqual([200, how]);
    expect((await restGet(`users/${user.uid}/sessionEnds/${victim.sid}`, other.idToken)).status).toBe(403);
    expect((await restGet(`users/${user.uid}/sessionEnds/${other.sid}`, victim.idToken)).status).toBe(403);
  });
});

describe("claimSession needs a fresh first-factor sign-in", () => {
  const forged: [string, (uid: string) => Promise<string | undefined>][] = [
    ["no token at all", async () => undefined],
    ["a token minted without the sign-in proof", async (uid) => idTokenFromCustom(await functionsAdmin().auth.createCustomToken(uid))],
    ["a sign-in proof 6 minutes old", (uid) => proofToken(uid, 6 * 60_000)],
    ["a sign-in proof dated an hour ahead", (uid) => proofToken(uid, -60 * 60_000)],
    ["a proof claim that is no number", async (uid) => idTokenFromCustom(await functionsAdmin().auth.createCustomToken(uid, { signInAt: "now" }))],
    ["a live session's own token", async (uid) => (await claim(uid)).idToken],
  ];
  it.each(forged)("refuses %s, creating no session", async (_what, token) => {
    const user = await newUser();
    const idToken = await token(user.uid);
    const before = await sessionIds(user.uid);
    expect((await rawCall("claimSession", { deviceId: `dev-${uniqueSuffix()}`, deviceName: "x" }, { idToken })).code).toBe("UNAUTHENTICATED");
    expect(await sessionIds(user.uid)).toEqual(before);
  });

  it("accepts a password sign-in's ID token (and the SDK's username token, used everywhere else here)", async () => {
    const user = await newUser();
    const { idToken } = await passwordSignIn(user.email, user.password);
    expect((await rawCall("claimSession", { deviceId: `dev-${uniqueSuffix()}`, deviceName: "x" }, { idToken })).code).toBe("OK");
  });
});

describe("the limit binds every app, cooperating or not", () => {
  it("a 4th app naming an active device's id takes that slot: the other app is signed out, 3 apps remain", async () => {
    const user = await newUser();
    const victim = await claim(user.uid, "laptop-device-1");
    await claim(user.uid, "phone-device-2");
    await claim(user.uid, "tablet-device-3");
    const intruder = await claim(user.uid, "laptop-device-1");
    expect(intruder.sid).not.toBe(victim.sid);
    expect(await canRead(user.uid, intruder.sid, victim.idToken)).toBe(false);
    expect(await canRead(user.uid, intruder.sid, intruder.idToken)).toBe(true);
    expect(await sessionIds(user.uid)).toHaveLength(3);
    // and the signed-out app cannot come back without the password
    expect((await rawCall("claimSession", { deviceId: "laptop-device-1", deviceName: "x" }, { idToken: victim.idToken })).code).toBe("UNAUTHENTICATED");
  });

  it("the limit error names sessions by sid, name, platform and last seen, never by device id", async () => {
    const { user } = await userWithSessions(3);
    const answer = await rawCall("claimSession", { deviceId: `dev-${uniqueSuffix()}`, deviceName: "x" }, { idToken: await proofToken(user.uid) });
    expect(answer.code).toBe("RESOURCE_EXHAUSTED");
    const details = answer.details as SessionLimitDetails;
    expect(details.sessions).toHaveLength(3);
    for (const s of details.sessions) expect(Object.keys(s).sort()).toEqual(["createdAt", "deviceName", "lastSeenAt", "platform", "sid"]);
    expect(JSON.stringify(details)).not.toContain("deviceId");
  });

  it("under a random sequence of 15 claims (reused device ids, evictions, refusals), at most 3 apps can ever read", async () => {
    const user = await newUser();
    const issued: RawSession[] = [];
    let seed = 7;
    const next = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
    for (let i = 0; i < 15; i++) {
      const extra = [{}, { evictOldest: true }, {}][next(3)]!;
      const answer = await rawCall("claimSession", { deviceId: `dev-${next(5)}-xxxxxx`, deviceName: `app ${i}`, ...extra }, { idToken: await proofToken(user.uid) });
      if (answer.code === "OK") issued.push({ sid: (answer.result as { sid: string }).sid, idToken: await idTokenFromCustom((answer.result as { token: string }).token) });
      else expect(answer.code).toBe("RESOURCE_EXHAUSTED");
    }
    const live = await sessionIds(user.uid);
    expect(live.length).toBeLessThanOrEqual(MAX_SESSIONS);
    const readers = [];
    for (const s of issued) if (await canRead(user.uid, live[0]!, s.idToken)) readers.push(s.sid);
    expect(readers.length).toBeLessThanOrEqual(MAX_SESSIONS);
    expect(readers.sort()).toEqual(live);
  });
});

describe("deleted and never-created accounts get no session", () => {
  it("a sign-in token minted before deleteAccount, used after it, gets no session and recreates nothing", async () => {
    const user = await newUser();
    const oldCustomToken = await signInProofToken(user.uid);
    const session = await claim(user.uid);
    expect((await rawCall("deleteAccount", {}, { idToken: session.idToken })).code).toBe("OK");
    const revived = await idTokenFromCustom(oldCustomToken); // Auth recreates the uid
    expect((await rawCall("claimSession", { deviceId: `dev-${uniqueSuffix()}`, deviceName: "x" }, { idToken: revived })).code).toBe("UNAUTHENTICATED");
    expect(await profileExists(user.uid)).toBe(false);
    expect(await sessionIds(user.uid)).toEqual([]);
    // nor does the deleted account's old session token read anything
    expect(await canRead(user.uid, session.sid, session.idToken)).toBe(false);
  });

  it("claims racing a deletion leave no session and no profile behind", async () => {
    const user = await newUser();
    const session = await claim(user.uid);
    const proofs = await Promise.all(Array.from({ length: 4 }, () => proofToken(user.uid)));
    await Promise.all([
      rawCall("deleteAccount", {}, { idToken: session.idToken }),
      ...proofs.map((idToken, i) => rawCall("claimSession", { deviceId: `racer-${i}-xxxx`, deviceName: "racer" }, { idToken })),
    ]);
    expect(await profileExists(user.uid)).toBe(false);
    expect(await sessionIds(user.uid)).toEqual([]);
  });

  it("sign-up with the Auth client API, bypassing createAccount and its policy, is refused by the blocking function", async () => {
    const email = `rogue-${uniqueSuffix()}@example.test`;
    await expect(clientSideSignUp(email, "123456")).rejects.toThrow(/BLOCKING_FUNCTION_ERROR_RESPONSE|createAccount/);
    expect(await functionsAdmin().auth.getUserByEmail(email).then(() => true, () => false)).toBe(false);
  });

  it("a user made outside createAccount (no profile: a project without the blocking function, the console) gets no session and cannot delete", async () => {
    const email = `outside-${uniqueSuffix()}@example.test`;
    const { uid } = await functionsAdmin().auth.createUser({ email, password: "123456" });
    const { idToken } = await passwordSignIn(email, "123456");
    expect((await rawCall("claimSession", { deviceId: `dev-${uniqueSuffix()}`, deviceName: "x" }, { idToken })).code).toBe("UNAUTHENTICATED");
    expect((await rawCall("deleteAccount", {}, { idToken })).code).toBe("PERMISSION_DENIED");
    expect(await profileExists(uid)).toBe(false);
    expect(await sessionIds(uid)).toEqual([]);
  });

  it("deleting needs a recent sign-in: a session claimed long ago must confirm the password first", async () => {
    const user = await newUser();
    const session = await claim(user.uid);
    await admin().db.doc(`users/${user.uid}/sessions/${session.sid}`).update({ proofAt: Date.now() - 60 * 60_000 });
    expect((await rawCall("deleteAccount", {}, { idToken: session.idToken })).code).toBe("PERMISSION_DENIED");
    expect((await rawCall("confirmPassword", { password: "not-the-password-1" }, { idToken: session.idToken })).code).toBe("UNAUTHENTICATED");
    expect((await rawCall("deleteAccount", {}, { idToken: session.idToken })).code).toBe("PERMISSION_DENIED");
    expect(await profileExists(user.uid)).toBe(true);
    expect((await rawCall("confirmPassword", { password: user.password }, { idToken: session.idToken })).code).toBe("OK");
    expect((await rawCall("deleteAccount", {}, { idToken: session.idToken })).code).toBe("OK");
    expect(await profileExists(user.uid)).toBe(false);
  });
});
