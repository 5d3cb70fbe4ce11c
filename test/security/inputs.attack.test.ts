// Hostile input and enumeration: path-like ids, absurd nesting, mail floods, sign-up
// probing, and sign-in errors that would tell whether an account exists.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createAccount, SIGN_UP_PER_ADDRESS } from "../../functions/src/accounts/create.js";
import { SyncGateError } from "../../client/src/index.js";
import { newUser, signInProofToken } from "../harness/accounts.js";
import { closeAdmins } from "../harness/admin.js";
import { ClientFleet, newAccount } from "../harness/clients.js";
import { uniqueSuffix } from "../harness/emulators.js";
import { idTokenFromCustom, rawCall } from "../harness/raw-client.js";
import { admin, claim } from "./support.js";

const fleet = new ClientFleet();
afterEach(() => fleet.closeAll());
afterAll(closeAdmins);

/** A fresh IPv6 documentation address: what throttles key on. */
const freshAddress = () => `2001:db8::${uniqueSuffix().slice(-4)}:${Math.floor(Math.random() * 0xffff).toString(16)}`;
/** A distinct caller per use: a spoofed leftmost X-Forwarded-For entry, then the one the front end appends (the emulator appends none). */
const someIp = () => `203.0.113.7, ${freshAddress()}`;

describe("ids that are paths, and absurd nesting, are invalid-argument, never internal", () => {
  const PATHS = ["a/b", "..", "__x__", "", "x".repeat(200), "users/../x"];
  it.each(PATHS)("revokeSession and releaseSession of sid %j", async (sid) => {
    const user = await newUser();
    const session = await claim(user.uid);
    expect((await rawCall("revokeSession", { sid }, { idToken: session.idToken })).code).toBe("INVALID_ARGUMENT");
    expect((await rawCall("releaseSession", { sid }, { idToken: session.idToken })).code).toBe("INVALID_ARGUMENT");
    expect((await admin().db.doc(`users/${user.uid}/sessions/${session.sid}`).get()).exists).toBe(true);
  });

  it.each(["a/b", "..", "__x__"])("claimSession evicting %j, signInWithUsername and password reset for it", async (bad) => {
    const user = await newUser();
    const idToken = await idTokenFromCustom(await signInProofToken(user.uid));
    expect((await rawCall("claimSession", { deviceId: "device-xxxxxxxx", deviceName: "x", evictSid: bad }, { idToken })).code).toBe("INVALID_ARGUMENT");
    expect((await rawCall("signInWithUsername", { username: bad, password: "whatever-1" })).code).toBe("INVALID_ARGUMENT");
    expect((await rawCall("requestPasswordReset", { identifier: bad })).code).toBe("INVALID_ARGUMENT");
  });

  it.each(["recoverUsername", "signInWithUsername", "claimSession"] as const)("a 100,000-deep argument to %s", async (name) => {
    const body = `{"data":{"x":${"[".repeat(100_000)}${"]".repeat(100_000)}}}`;
    const answer = await rawCall(name, undefined, { body });
    expect(answer.code).toBe("INVALID_ARGUMENT");
    expect(answer.message).toMatch(/nested too deeply/);
  });
});

describe("enumeration and floods", () => {
  it("one mail budget per inbox across every kind of mail: 10 resets and 5 username reminders send 5", async () => {
    const acc = await newAccount();
    const ip = someIp();
    for (let i = 0; i < 10; i++) expect((await rawCall("requestPasswordReset", { identifier: i % 2 ? acc.username : acc.email }, { ip })).code).toBe("OK");
    for (let i = 0; i < 5; i++) expect((await rawCall("recoverUsername", { email: acc.email }, { ip })).code).toBe("OK");
    const mails = await admin().db.collection("mail").where("to", "==", acc.email).get();
    expect(mails.size).toBe(5);
    for (const m of mails.docs) expect(m.get("expiresAt")).toBeDefined();
  }, 60_000);

  it("sign-up probes from one caller: 10 refusals, then resource-exhausted whatever the answer would be", async () => {
    const taken = await newAccount();
    const ip = someIp();
    const codes: string[] = [];
    for (let i = 0; i < 12; i++) {
      codes.push((await rawCall("createAccount", { email: `probe${i}-${uniqueSuffix()}@example.test`, username: taken.username, password: "probe-pass-1" }, { ip })).code);
    }
    expect(codes.slice(0, 10)).toEqual(Array(10).fill("ALREADY_EXISTS"));
    expect(codes.slice(10)).toEqual(["RESOURCE_EXHAUSTED", "RESOURCE_EXHAUSTED"]);
    // even a name that is free: the caller learns nothing more this hour
    const free = `free${uniqueSuffix()}`;
    expect((await rawCall("createAccount", { email: `${free}@example.test`, username: free, password: "probe-pass-1" }, { ip })).code).toBe("RESOURCE_EXHAUSTED");
  }, 60_000);

  it(`one address is tried at most ${SIGN_UP_PER_ADDRESS.limit} times an hour (its own sign-up included), from any number of callers`, async () => {
    const taken = await newAccount();
    const codes: string[] = [];
    for (let i = 0; i < SIGN_UP_PER_ADDRESS.limit; i++) {
      codes.push((await rawCall("createAccount", { email: taken.email, username: `other${uniqueSuffix()}`, password: "probe-pass-1" }, { ip: someIp() })).code);
    }
    expect(codes.slice(0, -1).every((c) => c === "ALREADY_EXISTS")).toBe(true);
    expect(codes.at(-1)).toBe("RESOURCE_EXHAUSTED");
  }, 60_000);

  it("accounts per caller IP are capped (a deployment sets the cap; here 2)", async () => {
    const { db, auth } = admin();
    const ip = freshAddress();
    const make = () => {
      const name = `cap${uniqueSuffix()}`;
      return createAccount({ db, auth, perIpLimit: 2 }, { email: `${name}@example.test`, username: name, password: "cap-pass-12" }, ip);
    };
    await make();
    await make();
    await expect(make()).rejects.toMatchObject({ code: "resource-exhausted" });
  });

  it("only failed sign-ins count: 12 right ones in a row pass, then 10 wrong ones lock the name", async () => {
    const acc = await newAccount();
    const ip = someIp();
    for (let i = 0; i < 12; i++) expect((await rawCall("signInWithUsername", { username: acc.username, password: acc.password }, { ip })).code).toBe("OK");
    for (let i = 0; i < 10; i++) expect((await rawCall("signInWithUsername", { username: acc.username, password: `wrong-${i}-x` }, { ip })).code).toBe("UNAUTHENTICATED");
    expect((await rawCall("signInWithUsername", { username: acc.username, password: acc.password }, { ip })).code).toBe("RESOURCE_EXHAUSTED");
  }, 60_000);

  it("the SDK gives one error for a wrong password and for an unknown email", async () => {
    const acc = await newAccount();
    const client = await fleet.start();
    const failure = (identifier: string) => client.signIn({ identifier, password: "wrong-password-1" }).then(() => undefined, (e: unknown) => e as SyncGateError);
    const wrong = await failure(acc.email);
    const unknown = await failure(`nobody-${uniqueSuffix()}@example.test`);
    expect(wrong?.code).toBe("invalid-credentials");
    expect({ code: unknown?.code, message: unknown?.message }).toEqual({ code: wrong?.code, message: wrong?.message });
  });
});
