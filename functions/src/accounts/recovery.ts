// recoverUsername and requestPasswordReset: always `{}`. When the account exists, a mail
// document in the Trigger Email extension format is queued; nothing in the answer, its
// errors or its timing class tells whether it did. One mail budget per recipient address,
// across every kind of mail, and a budget of requests per caller IP: past either the
// request is silently dropped (an error would be the same for everyone, but silence keeps
// mailboxes from being flooded through us without telling anyone more).
import type { Auth } from "firebase-admin/auth";
import { FieldValue, Timestamp, type Firestore } from "firebase-admin/firestore";
import { isEmailIdentifier, MAIL, normalizeUsername } from "../../../schema/index.js";
import { takeAttempt, type ThrottlePolicy } from "../shared/throttle.js";
import { atLeast } from "../shared/timing.js";
import { uidForUsername } from "./usernames.js";
import { logs } from "../shared/logs.js";

const HOUR = 60 * 60 * 1000;
export const MAIL_PER_RECIPIENT: ThrottlePolicy = { scope: "mail:recipient", limit: 5, windowMs: HOUR };
export const RECOVERY_PER_IP: ThrottlePolicy = { scope: "recovery:ip", limit: 60, windowMs: HOUR };
/** Queued mail is kept this long (Firestore's TTL policy on `expiresAt` removes it). */
export const MAIL_KEPT_MS = 7 * 24 * HOUR;

export interface RecoveryDeps {
  db: Firestore;
  auth: Auth;
  appName: string;
}

interface Account {
  uid: string;
  email: string;
  username: string | undefined;
}

async function accountByEmail(deps: RecoveryDeps, email: string): Promise<Account | undefined> {
  const user = await deps.auth.getUserByEmail(email).catch(() => undefined);
  if (!user?.email) return undefined;
  const profile = await deps.db.doc(`users/${user.uid}`).get();
  return { uid: user.uid, email: user.email, username: profile.get("username") as string | undefined };
}

async function accountByUsername(deps: RecoveryDeps, username: string): Promise<Account | undefined> {
  const uid = await uidForUsername(deps.db, normalizeUsername(username));
  const user = uid ? await deps.auth.getUser(uid).catch(() => undefined) : undefined;
  return user?.email ? { uid: user.uid, email: user.email, username: normalizeUsername(username) } : undefined;
}

/** Queues a mail unless the recipient's budget is spent. */
async function queueMail(db: Firestore, to: string, subject: string, text: string, html: string): Promise<void> {
  if (!(await takeAttempt(db, MAIL_PER_RECIPIENT, to.toLowerCase()))) return;
  await db.collection(MAIL).add({ to, message: { subject, text, html }, createdAt: FieldValue.serverTimestamp(), expiresAt: Timestamp.fromMillis(Date.now() + MAIL_KEPT_MS) });
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function recoverUsername(deps: RecoveryDeps, email: string, ip: string): Promise<Record<string, never>> {
  const started = Date.now();
  await atLeast(
    started,
    (async () => {
      logs.recoveryRequested("username", email);
      if (!(await takeAttempt(deps.db, RECOVERY_PER_IP, ip))) return;
      const account = await accountByEmail(deps, email);
      if (!account?.username) return;
      await queueMail(
        deps.db,
        account.email,
        `Your ${deps.appName} username`,
        `Your ${deps.appName} username is: ${account.username}\n\nIf you did not ask for this, you can ignore this mail.`,
        `<p>Your ${escapeHtml(deps.appName)} username is: <b>${escapeHtml(account.username)}</b></p><p>If you did not ask for this, you can ignore this mail.</p>`,
      );
    })(),
  );
  return {};
}

export async function requestPasswordReset(deps: RecoveryDeps, identifier: string, ip: string): Promise<Record<string, never>> {
  const started = Date.now();
  await atLeast(
    started,
    (async () => {
      const key = isEmailIdentifier(identifier) ? identifier.toLowerCase() : normalizeUsername(identifier);
      logs.recoveryRequested("password-reset", key);
      if (!(await takeAttempt(deps.db, RECOVERY_PER_IP, ip))) return;
      const account = isEmailIdentifier(identifier) ? await accountByEmail(deps, key) : await accountByUsername(deps, identifier);
      if (!account) return;
      const link = await deps.auth.generatePasswordResetLink(account.email);
      await queueMail(
        deps.db,
        account.email,
        `Reset your ${deps.appName} password`,
        `Open this link to choose a new password:\n${link}\n\nIf you did not ask for this, you can ignore this mail.`,
        `<p><a href="${escapeHtml(link)}">Choose a new password</a></p><p>If you did not ask for this, you can ignore this mail.</p>`,
      );
    })(),
  );
  return {};
}
