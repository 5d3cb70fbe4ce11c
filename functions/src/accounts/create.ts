// createAccount: reserve the username, create the Auth user, write the profile. The
// reservation comes first and is a transactional create, so of racing sign-ups for one
// username exactly one proceeds and the others never create an Auth user. A failure
// after the reservation releases it; a reservation left pending by a crash is taken
// over once it is older than PENDING_TTL_MS and its Auth user does not exist.
import { randomBytes } from "node:crypto";
import type { Auth } from "firebase-admin/auth";
import { FieldValue, Timestamp, type Firestore } from "firebase-admin/firestore";
import { HttpsError } from "firebase-functions/v2/https";
import type { z } from "zod";
import type { CreateAccountInput, CreateAccountResult } from "../../../schema/index.js";
import { usernameRef, type UsernameDoc } from "./usernames.js";
import { runTransaction } from "../shared/transaction.js";

export const PENDING_TTL_MS = 5 * 60 * 1000;

const authCode = (e: unknown) => (e as { code?: string }).code ?? "";

async function authUserExists(auth: Auth, uid: string): Promise<boolean> {
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

export async function createAccount(
  deps: { db: Firestore; auth: Auth; now?: () => number },
  input: z.output<typeof CreateAccountInput>,
): Promise<CreateAccountResult> {
  const { db, auth } = deps;
  const now = deps.now?.() ?? Date.now();
  const uid = randomBytes(16).toString("base64url").replace(/[-_]/g, "x");
  await reserve(db, auth, input.username, uid, now);
  try {
    await auth.createUser({ uid, email: input.email, password: input.password });
  } catch (e) {
    await release(db, input.username, uid);
    if (authCode(e) === "auth/email-already-exists") throw new HttpsError("already-exists", "an account with that email exists");
    if (authCode(e) === "auth/invalid-password") throw new HttpsError("invalid-argument", "password: rejected by the auth service");
    throw e;
  }
  try {
    const batch = db.batch();
    batch.set(db.doc(`users/${uid}`), { username: input.username, createdAt: Timestamp.fromMillis(now) }, { merge: true });
    batch.update(usernameRef(db, input.username), { pendingSince: FieldValue.delete() });
    await batch.commit();
  } catch (e) {
    await auth.deleteUser(uid).catch(() => undefined);
    await release(db, input.username, uid);
    throw e;
  }
  return { uid };
}
