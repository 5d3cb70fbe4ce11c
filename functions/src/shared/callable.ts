// The edge of every callable: input parsed with the shared zod schema into an
// `invalid-argument` HttpsError that names the field, auth required unless stated.
import { HttpsError, onCall, type CallableRequest } from "firebase-functions/v2/https";
import type { z } from "zod";

export interface Caller {
  uid: string;
  /** the session id claim of the caller's token, when it has one */
  sid: string | undefined;
  /** the caller's IP, for throttling */
  ip: string;
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

function callerOf(request: CallableRequest): Caller | undefined {
  if (!request.auth) return undefined;
  const sid = request.auth.token["sid"];
  return { uid: request.auth.uid, sid: typeof sid === "string" ? sid : undefined, ip: request.rawRequest.ip ?? "unknown" };
}

/** A callable that requires a signed-in caller. */
export function authedCallable<S extends z.ZodType, R>(schema: S, handler: (input: z.output<S>, caller: Caller) => Promise<R>) {
  return onCall(async (request) => {
    const caller = callerOf(request);
    if (!caller) throw new HttpsError("unauthenticated", "sign in first");
    return handler(parseInput(schema, request.data), caller);
  });
}

/** A callable open to anyone (account creation, sign-in, recovery). */
export function publicCallable<S extends z.ZodType, R>(schema: S, handler: (input: z.output<S>, ip: string) => Promise<R>) {
  return onCall(async (request) => handler(parseInput(schema, request.data), request.rawRequest.ip ?? "unknown"));
}
