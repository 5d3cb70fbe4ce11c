// The edge of every callable: input parsed with the shared zod schema into an
// `invalid-argument` HttpsError that names the field, and the caller checked against the
// gate the callable needs: none (sign-up, sign-in, recovery), a fresh first-factor
// sign-in (claimSession), or a live session (everything else that acts on an account).
import { HttpsError, onCall as firebaseOnCall, type CallableFunction, type CallableRequest } from "firebase-functions/v2/https";
import type { DecodedIdToken } from "firebase-admin/auth";
import type { z } from "zod";
import { APP_CHECK_REFUSAL, FRESH_SIGN_IN_MS, PROOF_CLAIM, SESSION_CLAIM, SIGN_IN_CLAIM } from "../../../schema/index.js";
import { callerIp } from "./caller-ip.js";
import { jsonDepth, MAX_INPUT_DEPTH } from "./input-depth.js";
import { ENFORCE_APP_CHECK } from "./options.js";

export interface Caller {
  uid: string;
  /** the session id claim of the caller's token, when it has one */
  sid: string | undefined;
  /** epoch ms of the first-factor sign-in behind the token, when the token proves one */
  proofAt: number | undefined;
  /** the caller's IP, for throttling */
  ip: string;
}

export interface SessionCaller extends Caller {
  sid: string;
}

type Handler = (request: CallableRequest) => Promise<unknown>;

/**
 * onCall, guarded against hostile nesting: firebase-functions decodes the argument
 * recursively before any handler runs, so a 100,000-deep JSON body ends in a RangeError
 * answered as `internal`. The raw body is measured first, without recursion, and such a
 * request is answered `invalid-argument` in the callable protocol's own error shape.
 * Every call then passes the App Check gate.
 */
function onCall(handler: Handler): CallableFunction<unknown, Promise<unknown>> {
  const callable = firebaseOnCall((request) => {
    appCheckGate(ENFORCE_APP_CHECK.value(), request.app?.appId);
    return handler(request);
  });
  const guarded = ((req: { body?: { data?: unknown } }, res: { status(code: number): { json(body: unknown): void } }) => {
    if (jsonDepth(req.body?.data, MAX_INPUT_DEPTH) > MAX_INPUT_DEPTH) {
      res.status(400).json({ error: { status: "INVALID_ARGUMENT", message: "input is nested too deeply" } });
      return;
    }
    return (callable as unknown as (req: unknown, res: unknown) => unknown)(req, res);
  }) as unknown as CallableFunction<unknown, Promise<unknown>>;
  // the deploy and emulator metadata (__endpoint, __trigger, run) stay the callable's own
  return Object.defineProperties(guarded, Object.getOwnPropertyDescriptors(callable));
}

/**
 * App Check, when the ENFORCE_APP_CHECK param says so (enforceAppCheck takes no param, so
 * the check runs here): firebase-functions sets `request.app` only for a valid token, with
 * the app id it names (the emulator decodes tokens without verifying them, so a string that
 * names no app is refused here too).
 */
export function appCheckGate(enforce: boolean, appId: string | undefined): void {
  const verified = typeof appId === "string" && appId.length > 0;
  if (enforce && !verified) throw new HttpsError("unauthenticated", "this app is not verified by App Check", APP_CHECK_REFUSAL);
}

export function parseInput<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const parsed = schema.safeParse(data ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    throw new HttpsError("invalid-argument", `${where}${issue?.message ?? "invalid input"}`);
  }
  return parsed.data;
}

const number = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

/**
 * When the token proves a first-factor sign-in: a password sign-in (auth_time), or the
 * custom token signInWithUsername mints after checking the password (its claim). A
 * session token carries the proof it was claimed with, but is never itself a proof.
 */
export function signInProofOf(token: DecodedIdToken): number | undefined {
  if (typeof token[SESSION_CLAIM] === "string") return undefined;
  if (token.firebase.sign_in_provider === "password") return token.auth_time * 1000;
  if (token.firebase.sign_in_provider === "custom") return number(token[SIGN_IN_CLAIM]);
  return undefined;
}

const ipOf = (request: CallableRequest) => callerIp(request.rawRequest.headers["x-forwarded-for"], request.rawRequest.socket?.remoteAddress);

export function callerOf(request: CallableRequest): Caller | undefined {
  if (!request.auth) return undefined;
  const token = request.auth.token;
  const sid = token[SESSION_CLAIM];
  const ip = ipOf(request);
  if (typeof sid === "string") return { uid: request.auth.uid, sid, proofAt: number(token[PROOF_CLAIM]), ip };
  return { uid: request.auth.uid, sid: undefined, proofAt: signInProofOf(token), ip };
}

export const isFresh = (proofAt: number | undefined, now = Date.now()) => proofAt !== undefined && now - proofAt <= FRESH_SIGN_IN_MS && proofAt <= now + 60_000;

/** A callable that requires a signed-in caller; the handler applies its own gate. */
export function authedCallable<S extends z.ZodType, R>(schema: S, handler: (input: z.output<S>, caller: Caller) => Promise<R>) {
  return onCall(async (request) => {
    const caller = callerOf(request);
    if (!caller) throw new HttpsError("unauthenticated", "sign in first");
    return handler(parseInput(schema, request.data), caller);
  });
}

/** A callable that requires a fresh first-factor sign-in (not a session token). */
export function freshSignInCallable<S extends z.ZodType, R>(schema: S, handler: (input: z.output<S>, caller: Caller & { proofAt: number }) => Promise<R>) {
  return authedCallable(schema, (input, caller) => {
    if (caller.sid !== undefined || !isFresh(caller.proofAt)) {
      throw new HttpsError("unauthenticated", "sign in with your password again (a session token or an old sign-in does not count)");
    }
    return handler(input, { ...caller, proofAt: caller.proofAt! });
  });
}

/** A callable open to anyone (account creation, sign-in, recovery). */
export function publicCallable<S extends z.ZodType, R>(schema: S, handler: (input: z.output<S>, ip: string) => Promise<R>) {
  return onCall(async (request) => handler(parseInput(schema, request.data), ipOf(request)));
}
