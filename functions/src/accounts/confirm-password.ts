// confirmPassword: a live session proves its user's password again (recent
// re-authentication, like Firebase's requires-recent-login), for deleteAccount. The
// proof is recorded on the session document, which only functions can write; failures
// count toward the same per-account throttle as sign-in.
import type { Auth } from "firebase-admin/auth";
import { Timestamp, type Firestore } from "firebase-admin/firestore";
import { HttpsError } from "firebase-functions/v2/https";
import { requireLiveSession } from "../sessions/store.js";
import type { SessionCaller } from "../shared/callable.js";
import { runTransaction } from "../shared/transaction.js";
import { verifyPassword, type PasswordCheckConfig } from "./password.js";
import { BAD_CREDENTIALS, SIGN_IN_PER_CALLER, SIGN_IN_PER_USERNAME, throttledCheck } from "./sign-in.js";

export interface ConfirmDeps {
  db: Firestore;
  auth: Auth;
  password: PasswordCheckConfig;
  now: () => number;
  inactivityMs: number;
}

export async function confirmPassword(deps: ConfirmDeps, caller: SessionCaller, password: string): Promise<void> {
  const { db } = deps;
  const { uid, sid } = caller;
  // an ended session learns nothing about the password
  await runTransaction(db, (tx) => requireLiveSession(tx, db, uid, sid, deps.inactivityMs, deps.now()));
  const email = (await deps.auth.getUser(uid).catch(() => undefined))?.email;
  const ok = await throttledCheck(
    db,
    [
      [SIGN_IN_PER_USERNAME, `uid:${uid}`],
      [SIGN_IN_PER_CALLER, caller.ip],
    ],
    async () => (email && (await verifyPassword(deps.password, email, password)) === uid ? true : undefined),
  );
  if (!ok) throw new HttpsError("unauthenticated", BAD_CREDENTIALS);
  await runTransaction(db, async (tx) => {
    const session = await requireLiveSession(tx, db, uid, sid, deps.inactivityMs, deps.now());
    tx.update(session.ref, { reauthAt: Timestamp.fromMillis(deps.now()) });
  });
}
