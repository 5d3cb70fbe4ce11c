// createAccount: reserve the username, create the Auth user, write the profile. The
// reservation comes first and is a transactional create, so of racing sign-ups for one
// username exactly one proceeds and the others never create an Auth user. A failure
// after the reservation releases it; a reservation left pending by a crash is taken
// over once it is older than PENDING_TTL_MS and its Auth user does not exist.
//
// Sign-up must say when an email or username is taken (the user has to pick another),
// as Firebase's own createUser does even with email enumeration protection on. What
// bounds probing is the throttle: per address, per caller IP, and a small per-IP budget
// of refusals (the answers that tell something).
import { randomBytes } from "node:crypto";
import type { Auth } from "firebase-admin/auth";
import { FieldValue, Timestamp, type Firestore } from "firebase-admin/firestore";
import { HttpsError } from "firebase-functions/v2/https";
import type { z } from "zod";
import type { CreateAccountInput, CreateAccountResult } from "../../../schema/index.js";
import { usernameRef, type UsernameDoc } from "./usernames.js";
import { runTransaction } from "../shared/transaction.js";
import { hasAttemptsLeft, takeAttempt, type ThrottlePolicy } from "../shared/throttle.js";
import { logs } from "../shared/logs.js";

export const PENDING_TTL_MS = 5 * 60 * 1000;
const HOUR = 60 * 60 * 1000;
export const SIGN_UP_PER_ADDRESS: ThrottlePolicy = { scope: "sign-up:address", limit: 5, windowMs: HOUR };
export const SIGN_UP_REFUSALS_PER_IP: ThrottlePolicy = { scope: "sign-up:refused-ip", limit: 10, windowMs: HOUR };
export const signUpsPerIp = (limit: number): ThrottlePolicy => ({ scope: "sign-up:ip", limit, windowMs: HOUR });

export const TOO_MANY_SIGN_UPS = "too many sign-up attempts: wait an hour and try again";

const authCode = (e: unknown) => (e as { code?: string }).code ?? "";

export async function authUserExists(auth: Auth, uid: string): Promise<boolean> {
  try {
    await auth.getUser(uid);
    return true;
  } catch (e) {
    if (authCode(e) === "auth/user-not-found") return false;
    throw e;
  }
}

async function reserve(db: Firestore, auth: Auth, username: string, uid: string, now: number): Promise<void> {
  const ref = usernameRef(db, username);
  const abandoned = async (held: UsernameDoc) =>
    held.pendingSince !== undefined && now - held.pendingSince.toMillis() > PENDING_TTL_MS && !(await authUserExists(auth, held.uid));
  await runTransaction(db, async (tx) => {
    const snap = await tx.get(ref);
    const held = snap.data() as UsernameDoc | undefined;
    if (held && !(await abandoned(held))) throw new HttpsError("already-exists", "that username is taken");
    tx.set(ref, { uid, pendingSince: Timestamp.fromMillis(now) });
  });
}

async function release(db: Firestore, username: string, uid: string): Promise<void> {
  const ref = usernameRef(db, username);
  await runTransaction(db, async (tx) => {
    const snap = await tx.get(ref);
    if ((snap.data() as UsernameDoc | undefined)?.uid === uid) tx.delete(ref);
  });
}

export interface CreateDeps {
  db: Firestore;
  auth: Auth;
  now?: () => number;
  /** accounts one caller IP may create per hour */
  perIpLimit: number;
}

export async function createAccount(deps: CreateDeps, input: z.output<typeof CreateAccountInput>, ip: string): Promise<CreateAccountResult> {
  const { db } = deps;
  const allowed =
    (await takeAttempt(db, SIGN_UP_PER_ADDRESS, input.email)) &&
    (await takeAttempt(db, signUpsPerIp(deps.perIpLimit), ip)) &&
    // a caller out of refusals learns nothing more, whatever the answer would have been
    (await hasAttemptsLeft(db, SIGN_UP_REFUSALS_PER_IP, ip));
  if (!allowed) throw new HttpsError("resource-exhausted", TOO_MANY_SIGN_UPS);
  try {
    const created = await create(deps, input);
    logs.accountCreated(created.uid);
    return created;
  } catch (e) {
    if (e instanceof HttpsError && e.code === "already-exists") await takeAttempt(db, SIGN_UP_REFUSALS_PER_IP, ip);
    throw e;
  }
}

async function create(deps: CreateDeps, input: z.output<typeof CreateAccountInput>): Promise<CreateAccountResult> {
  const { db, auth } = deps;
  const now = deps.now?.() ?? Date.now();
  const uid = randomBytes(16).toString("base64url").replace(/[-_]/g, "x");
  await reserve(db, auth, input.username, uid, now);
  try {
    // the username as display name: apps show who is signed in without reading the profile
    await auth.createUser({ uid, email: input.email, password: input.password, displayName: input.username });
  } catch (e) {
    await release(db, input.username, uid);
    if (authCode(e) === "auth/email-already-exists") throw new HttpsError("already-exists", "an account with that email exists");
    if (authCode(e) === "auth/invalid-password") throw new HttpsError("invalid-argument", "password: rejected by the auth service");
    throw e;
  }
  try {
    const batch = db.batch();
    batch.create(db.doc(`users/${uid}`), { username: input.username, createdAt: Timestamp.fromMillis(now) });
    batch.update(usernameRef(db, input.username), { pendingSince: FieldValue.delete() });
    await batch.commit();
  } catch (e) {
    await auth.deleteUser(uid).catch(() => undefined);
    await release(db, input.username, uid);
    throw e;
  }
  return { uid };
}
