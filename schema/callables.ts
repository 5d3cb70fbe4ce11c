// Inputs and results of the callable functions: validated by the functions at the edge,
// typed for the client.
import { z } from "zod";
import { EmailSchema, PasswordSchema, UsernameSchema } from "./accounts.js";
import { LIMITS } from "./limits.js";

const sid = z.string().min(1).max(LIMITS.id);

export const CreateAccountInput = z.object({ email: EmailSchema, username: UsernameSchema, password: PasswordSchema });
export const SignInWithUsernameInput = z.object({
  username: z.string().min(1).max(256),
  password: z.string().min(1).max(1024),
});
export const ClaimSessionInput = z.object({
  deviceId: z.string().regex(/^[A-Za-z0-9_-]{8,128}$/, "deviceId must be 8-128 characters of A-Z, a-z, 0-9, _ or -"),
  deviceName: z.string().trim().min(1).max(LIMITS.deviceName),
  platform: z.string().max(LIMITS.platform).optional(),
  evictOldest: z.boolean().optional(),
  /** evict this session (one the user chose from the list) to make room */
  evictSid: sid.optional(),
});
export const SessionIdInput = z.object({ sid });
export const RecoverUsernameInput = z.object({ email: EmailSchema });
export const RequestPasswordResetInput = z.object({ identifier: z.string().trim().min(1).max(256) });
export const EmptyInput = z.object({}).strict();

export type CreateAccountRequest = z.input<typeof CreateAccountInput>;
export type SignInWithUsernameRequest = z.input<typeof SignInWithUsernameInput>;
export type ClaimSessionRequest = z.input<typeof ClaimSessionInput>;
export type SessionIdRequest = z.input<typeof SessionIdInput>;
export type RecoverUsernameRequest = z.input<typeof RecoverUsernameInput>;
export type RequestPasswordResetRequest = z.input<typeof RequestPasswordResetInput>;

/** A session as callables report it (times in epoch milliseconds). */
export interface SessionInfo {
  sid: string;
  deviceId: string;
  deviceName: string;
  platform: string;
  createdAt: number;
  lastSeenAt: number;
}

export interface CreateAccountResult { uid: string }
export interface SignInWithUsernameResult { token: string }
export interface ClaimSessionResult { sid: string; token: string; sessions: SessionInfo[] }
export interface SessionLimitDetails { sessions: SessionInfo[]; limit: number }
export type EmptyResult = Record<string, never>;

export const CALLABLES = [
  "createAccount",
  "signInWithUsername",
  "claimSession",
  "releaseSession",
  "revokeSession",
  "recoverUsername",
  "requestPasswordReset",
  "deleteAccount",
] as const;
export type CallableName = (typeof CALLABLES)[number];
