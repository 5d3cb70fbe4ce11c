// Inputs and results of the callable functions: validated by the functions at the edge,
// typed for the client.
import { z } from "zod";
import { EmailSchema, PasswordSchema, UsernameSchema } from "./accounts.js";
import { LIMITS } from "./limits.js";

/**
 * Every id a client names (sessions, entities, blobs): safe as one Firestore path segment
 * (no "/", no "." or "..", and not Firestore's reserved `__…__`).
 */
export const ID_PATTERN = /^(?!__.*__$)[A-Za-z0-9_-]{1,128}$/;
export const IdSchema = z.string().regex(ID_PATTERN, "must be 1-128 characters of A-Z, a-z, 0-9, _ or -");

/**
 * Proof of a fresh first-factor sign-in, which claimSession requires: the ID token of a
 * password sign-in (`auth_time`), or of the custom token signInWithUsername mints after
 * checking the password (claim SIGN_IN_CLAIM = when). No older than this.
 */
export const FRESH_SIGN_IN_MS = 5 * 60 * 1000;
/** Custom claim of signInWithUsername's token: epoch ms of the password check. */
export const SIGN_IN_CLAIM = "signInAt";
/** Custom claims of a session token: its session id, and epoch ms of the sign-in that claimed it. */
export const SESSION_CLAIM = "sid";
export const PROOF_CLAIM = "proofAt";

export const CreateAccountInput = z.object({ email: EmailSchema, username: UsernameSchema, password: PasswordSchema });
export const SignInWithUsernameInput = z.object({
  username: UsernameSchema,
  password: z.string().min(1).max(1024),
});
export const ClaimSessionInput = z.object({
  deviceId: z.string().regex(/^[A-Za-z0-9_-]{8,128}$/, "deviceId must be 8-128 characters of A-Z, a-z, 0-9, _ or -"),
  deviceName: z.string().trim().min(1).max(LIMITS.deviceName),
  platform: z.string().max(LIMITS.platform).optional(),
  evictOldest: z.boolean().optional(),
  /** evict this session (one the user chose from the list) to make room */
  evictSid: IdSchema.optional(),
});
export const SessionIdInput = z.object({ sid: IdSchema });
export const ConfirmPasswordInput = z.object({ password: z.string().min(1).max(1024) });
export const RecoverUsernameInput = z.object({ email: EmailSchema });
export const RequestPasswordResetInput = z.object({ identifier: z.string().trim().min(1).max(256) });
export const EmptyInput = z.object({}).strict();

export type CreateAccountRequest = z.input<typeof CreateAccountInput>;
export type SignInWithUsernameRequest = z.input<typeof SignInWithUsernameInput>;
export type ClaimSessionRequest = z.input<typeof ClaimSessionInput>;
export type SessionIdRequest = z.input<typeof SessionIdInput>;
export type ConfirmPasswordRequest = z.input<typeof ConfirmPasswordInput>;
export type RecoverUsernameRequest = z.input<typeof RecoverUsernameInput>;
export type RequestPasswordResetRequest = z.input<typeof RequestPasswordResetInput>;

/**
 * A session as callables and the SDK report it (times in epoch milliseconds). Never the
 * device id: it is not a credential, but a list handed to any signed-in app should not
 * let that app pose as another device.
 */
export interface SessionInfo {
  sid: string;
  deviceName: string;
  platform: string;
  createdAt: number;
  lastSeenAt: number;
}

/** Why a session ended, kept for a while at users/{uid}/sessionEnds/{sid}. */
export const SESSION_END_REASONS = ["released", "revoked", "evicted", "replaced", "expired", "account-deleted"] as const;
export type SessionEndCause = (typeof SESSION_END_REASONS)[number];

export interface CreateAccountResult { uid: string }
export interface SignInWithUsernameResult { token: string }
export interface ClaimSessionResult { sid: string; token: string; sessions: SessionInfo[] }
export interface SessionLimitDetails { sessions: SessionInfo[]; limit: number }
/** The details of the `unauthenticated` answer given to an app that App Check did not verify. */
export const APP_CHECK_REFUSAL = { reason: "app-check" } as const;
export type EmptyResult = Record<string, never>;

export const CALLABLES = [
  "createAccount",
  "signInWithUsername",
  "claimSession",
  "releaseSession",
  "revokeSession",
  "confirmPassword",
  "recoverUsername",
  "requestPasswordReset",
  "deleteAccount",
] as const;
export type CallableName = (typeof CALLABLES)[number];
