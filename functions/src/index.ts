// Entry point: re-exports every function; each concern lives in its own module.
import "./shared/quiet-logs.js"; // first: before firebase-functions captures the console
import "./shared/options.js"; // before any function is defined: region and caps for all
import { blockClientSignUp as blocker } from "./accounts/block-sign-up.js";

export { confirmPassword, createAccount, deleteAccount, onAuthUserDeleted, recoverUsername, requestPasswordReset, signInWithUsername } from "./accounts/index.js";
export { claimSession, releaseSession, revokeSession } from "./sessions/index.js";
export { purgeTrash, sweepSessions } from "./sweeps/index.js";

/** In the bundle only when built with SYNCGATE_BLOCK_CLIENT_SIGN_UP=true (needs Identity Platform; README, Security model). */
export const blockClientSignUp = process.env["SYNCGATE_BLOCK_CLIENT_SIGN_UP"] === "true" ? blocker : undefined;
