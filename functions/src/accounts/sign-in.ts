// signInWithUsername: the server checks the password, so the client never learns the
// email behind a username. Unknown username and wrong password give one error, in the
// same shape and timing class; failures are throttled per username and per caller.
import type { Auth } from "firebase-admin/auth";
import type { Firestore } from "firebase-admin/firestore";
import { HttpsError } from "firebase-functions/v2/https";
import { normalizeUsername, type SignInWithUsernameResult } from "../../../schema/index.js";
import { takeAttempt, type ThrottlePolicy } from "../shared/throttle.js";
import { atLeast } from "../shared/timing.js";
import { verifyPassword, type PasswordCheckConfig } from "./password.js";
import { uidForUsername } from "./usernames.js";

const MINUTE = 60 * 1000;
export const SIGN_IN_PER_USERNAME: ThrottlePolicy = { scope: "sign-in:username", limit: 10, windowMs: 15 * MINUTE };
export const SIGN_IN_PER_CALLER: ThrottlePolicy = { scope: "sign-in:ip", limit: 300, windowMs: 15 * MINUTE };

export const BAD_CREDENTIALS = "wrong username or password";

export async function signInWithUsername(
  deps: { db: Firestore; auth: Auth; password: PasswordCheckConfig },
  input: { username: string; password: string },
  ip: string,
): Promise<SignInWithUsernameResult> {
  const started = Date.now();
  const username = normalizeUsername(input.username);
  const allowed = (await takeAttempt(deps.db, SIGN_IN_PER_USERNAME, username)) && (await takeAttempt(deps.db, SIGN_IN_PER_CALLER, ip));
  if (!allowed) throw new HttpsError("resource-exhausted", "too many sign-in attempts: wait a few minutes and try again");
  return atLeast(
    started,
    (async () => {
      const uid = await uidForUsername(deps.db, username);
      const email = uid ? (await deps.auth.getUser(uid).catch(() => undefined))?.email : undefined;
      const verified = email ? await verifyPassword(deps.password, email, input.password) : undefined;
      if (!verified || verified !== uid) throw new HttpsError("unauthenticated", BAD_CREDENTIALS);
      return { token: await deps.auth.createCustomToken(uid) };
    })(),
  );
}
