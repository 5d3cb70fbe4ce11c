// Raw clients for attack tests: the callable protocol and the Auth REST API over plain
// HTTP, with any token, any body and any claimed caller address, the way a script with a
// stolen or home-made token talks to the product (no SDK smoothing anything over).
import type { CallableName } from "../../schema/index.js";
import { AUTH, FUNCTIONS, FUNCTIONS_PROJECT_ID } from "./emulators.js";

export interface RawAnswer {
  status: number;
  /** the callable error status, e.g. "UNAUTHENTICATED", or "OK" */
  code: string;
  message?: string;
  details?: unknown;
  result?: unknown;
}

export async function rawCall(name: CallableName, data: unknown, options: { idToken?: string; ip?: string; body?: string; appCheckToken?: string } = {}): Promise<RawAnswer> {
  const res = await fetch(`http://${FUNCTIONS.host}:${FUNCTIONS.port}/${FUNCTIONS_PROJECT_ID}/us-central1/${name}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(options.idToken ? { authorization: `Bearer ${options.idToken}` } : {}),
      ...(options.ip ? { "x-forwarded-for": options.ip } : {}),
      ...(options.appCheckToken ? { "x-firebase-appcheck": options.appCheckToken } : {}),
    },
    body: options.body ?? JSON.stringify({ data }),
  });
  const json = (await res.json().catch(() => ({}))) as { result?: unknown; error?: { status: string; message?: string; details?: unknown } };
  if (json.error) return { status: res.status, code: json.error.status, message: json.error.message, details: json.error.details };
  return { status: res.status, code: "OK", result: json.result };
}

async function identityToolkit(method: string, body: Record<string, unknown>): Promise<{ idToken?: string; localId?: string; error?: { message: string } }> {
  const res = await fetch(`http://${AUTH.host}:${AUTH.port}/identitytoolkit.googleapis.com/v1/accounts:${method}?key=demo-api-key`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...body, returnSecureToken: true }),
  });
  return (await res.json()) as { idToken?: string; localId?: string; error?: { message: string } };
}

/** Exchanges a custom token for an ID token (what signInWithCustomToken does). */
export async function idTokenFromCustom(token: string): Promise<string> {
  const r = await identityToolkit("signInWithCustomToken", { token });
  if (!r.idToken) throw new Error(`signInWithCustomToken: ${r.error?.message}`);
  return r.idToken;
}

/** A password sign-in's ID token, or the Auth service's error message. */
export async function passwordSignIn(email: string, password: string): Promise<{ idToken?: string; error?: string }> {
  const r = await identityToolkit("signInWithPassword", { email, password });
  return { idToken: r.idToken, error: r.error?.message };
}

/** A user made with the Auth client API directly, bypassing createAccount and its policy. */
export async function clientSideSignUp(email: string, password: string): Promise<{ uid: string; idToken: string }> {
  const r = await identityToolkit("signUp", { email, password });
  if (!r.idToken || !r.localId) throw new Error(`signUp: ${r.error?.message}`);
  return { uid: r.localId, idToken: r.idToken };
}
