// App Check on the callables, through the SDK's `appCheck` option. `npm test` runs this file
// twice: in the main suite, where ENFORCE_APP_CHECK is false, and on its own against a
// functions emulator whose project (functions/.env.demo-syncgate-appcheck) turns it on.
//
// The App Check debug provider trades its debug token with Google's App Check service,
// which has no emulator (and this machine no internet). The functions emulator decodes App
// Check tokens without verifying them, so the emulator's debug token here is a token the
// SDK's CustomProvider hands out: the same client path (initializeAppCheck, the
// X-Firebase-AppCheck header on every call), the same server path (firebase-functions
// decodes it into request.app, our gate reads it).
import { CustomProvider } from "firebase/app-check";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { SyncGateError } from "../../client/src/index.js";
import { closeAdmins } from "../harness/admin.js";
import { ClientFleet, functionsAdmin } from "../harness/clients.js";
import { FUNCTIONS_PROJECT_ID, uniqueSuffix } from "../harness/emulators.js";
import { rawCall } from "../harness/raw-client.js";

const enforced = process.env.SYNCGATE_APP_CHECK === "enforced";
const APP_ID = "1:1234567890:web:syncgate-test";

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
/** An App Check token as the emulator reads it: a JWT whose subject is the app id. */
function emulatorDebugToken(appId: string): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = { sub: appId, aud: [`projects/${FUNCTIONS_PROJECT_ID}`], iss: "https://firebaseappcheck.googleapis.com/1234567890", iat: now, exp: now + 3600 };
  return `${base64url({ alg: "RS256", typ: "JWT" })}.${base64url(payload)}.debug`;
}

const appCheckWith = (token: () => string) => ({
  provider: new CustomProvider({ getToken: () => Promise.resolve({ token: token(), expireTimeMillis: Date.now() + 3_600_000 }) }),
});

const fleet = new ClientFleet();
afterEach(() => fleet.closeAll());
afterAll(closeAdmins);

function newCredentials() {
  const username = `ac${uniqueSuffix()}`;
  return { username, email: `${username}@example.test`, password: "long-enough-1" };
}

/** Whether createAccount made anything for this username (the account and its name). */
async function accountExists(username: string, email: string): Promise<boolean> {
  const { db, auth } = functionsAdmin();
  const name = await db.doc(`usernames/${username}`).get();
  const user = await auth.getUserByEmail(email).then(() => true, () => false);
  return name.exists || user;
}

describe(`App Check on the callables (enforcement ${enforced ? "on" : "off"})`, () => {
  it("an app with an App Check token signs up, signs in and calls the session callables", async () => {
    const who = newCredentials();
    const client = await fleet.start({ appCheck: appCheckWith(() => emulatorDebugToken(APP_ID)) });
    await client.signUp(who);
    await client.awaitInSync();
    const uid = client.uid;
    expect(uid).toBeTruthy();
    const sessions = await client.listSessions();
    expect(sessions).toHaveLength(1);
    await client.signOut();

    const again = await fleet.start({ appCheck: appCheckWith(() => emulatorDebugToken(APP_ID)) });
    await again.signIn({ identifier: who.username, password: who.password });
    await again.awaitInSync();
    expect(again.uid).toBe(uid);
  });

  it(`an app without App Check is ${enforced ? "refused with a typed error, and nothing is made" : "served"}`, async () => {
    const who = newCredentials();
    const client = await fleet.start();
    const outcome = await client.signUp(who).then(() => "signed up", (e: unknown) => e as SyncGateError);
    if (enforced) {
      expect(outcome).toMatchObject({ code: "app-not-verified" });
      expect(client.uid).toBeUndefined();
      expect(await accountExists(who.username, who.email)).toBe(false);
      // recovery calls, which need no sign-in, are gated the same way
      await expect(client.recoverUsername(who.email)).rejects.toMatchObject({ code: "app-not-verified" });
    } else {
      expect(outcome).toBe("signed up");
      expect(await accountExists(who.username, who.email)).toBe(true);
    }
  });

  it(`a forged header that names no app is ${enforced ? "refused" : "ignored"}`, async () => {
    const who = newCredentials();
    // a callable hit directly, with the App Check header a script would forge
    const forged = await rawCall("createAccount", who, { appCheckToken: "not-a-token" });
    if (enforced) {
      expect(forged.status).toBe(401);
      expect(forged).toMatchObject({ code: "UNAUTHENTICATED", details: { reason: "app-check" } });
      expect(await accountExists(who.username, who.email)).toBe(false);
    } else {
      expect(forged.status).toBe(200);
      expect(await accountExists(who.username, who.email)).toBe(true);
    }
  });
});
