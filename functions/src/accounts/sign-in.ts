// signInWithUsername: the server checks the password, so the client never learns the
// email behind a username. Unknown username and wrong password give one error, in the
// same shape and timing class. Only failures count toward the throttles (per username
// and per caller), so a script may sign in as often as it likes with the right password.
// The custom token carries when the password was checked: claimSession takes it as a
// fresh sign-in for a few minutes, and never a token without it.
import type { Auth } from "firebase-admin/auth";
import type { Firestore } from "firebase-admin/firestore";
import { HttpsError } from "firebase-functions/v2/https";
import { normalizeUsername, SIGN_IN_CLAIM, type SignInWithUsernameResult } from "../../../schema/index.js";
import { hasAttemptsLeft, takeAttempt, type ThrottlePolicy } from "../shared/throttle.js";
import { atLeast } from "../shared/timing.js";
import { verifyPassword, type PasswordCheckConfig } from "./password.js";
import { uidForUsername } from "./usernames.js";

const MINUTE = 60 * 1000;
export const SIGN_IN_PER_USERNAME: ThrottlePolicy = { scope: "sign-in:username", limit: 10, windowMs: 15 * MINUTE };
export const SIGN_IN_PER_CALLER: ThrottlePolicy = { scope: "sign-in:ip", limit: 300, windowMs: 15 * MINUTE };

export const BAD_CREDENTIALS = "wrong username or password";
export const TOO_MANY_SIGN_INS = "too many failed sign-in attempts: wait a few minutes and try again";

/** Runs a password check under failure-only throttles: refused up front when any key is out of attempts. */
export async function throttledCheck<T>(db: Firestore, keys: [ThrottlePolicy, string][], check: () => Promise<T | undefined>): Promise<T | undefined> {
  const left = await Promise.all(keys.map(([policy, key]) => hasAttemptsLeft(db, policy, key)));
  if (left.includes(false)) throw new HttpsError("resource-exhausted", TOO_MANY_SIGN_INS);
  const result = await check();
  if (result === undefined) await Promise.all(keys.map(([policy, key]) => takeAttempt(db, policy, key)));
  return result;
}

export async function signInWithUsername(
  deps: { db: Firestore; auth: Auth; password: PasswordCheckConfig },
  input: { username: string; password: string },
  ip: string,
): Promise<SignInWithUsernameResult> {
  const started = Date.now();
  const username = normalizeUsername(input.username);
  const uid = await throttledCheck(
    deps.db,
    [
      [SIGN_IN_PER_USERNAME, username],
      [SIGN_IN_PER_CALLER, ip],
    ],
    () =>
      atLeast(
        started,
        (async () => {
          const uid = await uidForUsername(deps.db, username);
          const email = uid ? (await deps.auth.getUser(uid).catch(() => undefined))?.email : undefined;
          const verified = email ? await verifyPassword(deps.password, email, input.password) : undefined;
          return verified && verified === uid ? uid : undefined;
        })(),
      ),
  );
  if (!uid) throw new HttpsError("unauthenticated", BAD_CREDENTIALS);
  return { token: await deps.auth.createCustomToken(uid, { [SIGN_IN_CLAIM]: Date.now() }) };
}
