// Typed calls of the syncgate callables, with their errors mapped to SyncGateError codes.
import { FunctionsError, httpsCallable, type Functions } from "firebase/functions";
import {
  APP_CHECK_REFUSAL,
  type CallableName,
  type ClaimSessionRequest,
  type ClaimSessionResult,
  type ConfirmPasswordRequest,
  type CreateAccountRequest,
  type CreateAccountResult,
  type EmptyResult,
  type RecoverUsernameRequest,
  type RequestPasswordResetRequest,
  type SessionIdRequest,
  type SignInWithUsernameRequest,
  type SignInWithUsernameResult,
} from "../../../schema/index.js";
import { SyncGateError, type SyncGateErrorCode } from "../errors.js";

interface Calls {
  createAccount: [CreateAccountRequest, CreateAccountResult];
  signInWithUsername: [SignInWithUsernameRequest, SignInWithUsernameResult];
  claimSession: [ClaimSessionRequest, ClaimSessionResult];
  releaseSession: [SessionIdRequest, EmptyResult];
  revokeSession: [SessionIdRequest, EmptyResult];
  confirmPassword: [ConfirmPasswordRequest, EmptyResult];
  recoverUsername: [RecoverUsernameRequest, EmptyResult];
  requestPasswordReset: [RequestPasswordResetRequest, EmptyResult];
  deleteAccount: [Record<string, never>, EmptyResult];
}

const CODES: Record<string, SyncGateErrorCode> = {
  "functions/unauthenticated": "invalid-credentials",
  "functions/already-exists": "account-exists",
  "functions/invalid-argument": "invalid-argument",
  "functions/resource-exhausted": "throttled",
  "functions/not-found": "not-found",
  "functions/permission-denied": "revoked",
  "functions/unavailable": "network",
  "functions/deadline-exceeded": "network",
};

function codeOf(e: FunctionsError): SyncGateErrorCode {
  const details: unknown = e.details;
  const appCheck = typeof details === "object" && details !== null && (details as { reason?: unknown }).reason === APP_CHECK_REFUSAL.reason;
  return appCheck ? "app-not-verified" : (CODES[e.code] ?? "internal");
}

/** The raw FunctionsError, for callers that read its details (the session list). */
export class CallError extends SyncGateError {
  constructor(readonly functionsError: FunctionsError) {
    super(codeOf(functionsError), functionsError.message, { cause: functionsError });
    this.name = "CallError";
  }
}

/** Calls `name`, counted in `metrics.callables` (an invocation is billed whatever its outcome). */
export async function callFunction<N extends CallableName & keyof Calls>(
  functions: Functions,
  name: N,
  data: Calls[N][0],
  metrics: { callables: number },
): Promise<Calls[N][1]> {
  metrics.callables++;
  try {
    const result = await httpsCallable<Calls[N][0], Calls[N][1]>(functions, name)(data);
    return result.data;
  } catch (e) {
    if (e instanceof FunctionsError) throw new CallError(e);
    throw new SyncGateError("network", `could not reach ${name}`, { cause: e });
  }
}
