// Entry point: re-exports every function; each concern lives in its own module.
export { confirmPassword, createAccount, deleteAccount, onAuthUserDeleted, recoverUsername, requestPasswordReset, signInWithUsername } from "./accounts/index.js";
export { claimSession, releaseSession, revokeSession } from "./sessions/index.js";
export { purgeTrash, sweepSessions } from "./sweeps/index.js";
