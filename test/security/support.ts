// Shared moves of the attack tests: accounts, sessions and tokens made for real through
// the emulators, and what the server holds, read with the Admin SDK.
import { expect } from "vitest";
import type { ClaimSessionResult } from "../../schema/index.js";
import { functionsAdmin, newUser, signInProofToken, type TestUser } from "../harness/accounts.js";
import { FIRESTORE, FUNCTIONS_PROJECT_ID, uniqueSuffix } from "../harness/emulators.js";
import { idTokenFromCustom, rawCall } from "../harness/raw-client.js";

export const admin = () => functionsAdmin();

/** The ID token of a fresh first-factor sign-in (signInWithUsername's custom token). */
export async function proofToken(uid: string, ageMs = 0): Promise<string> {
  return idTokenFromCustom(await signInProofToken(uid, ageMs));
}

export interface RawSession {
  sid: string;
  /** the ID token of the session's custom token: what the device then uses everywhere */
  idToken: string;
}

/** Claims a session as a device would, returning its session ID token. */
export async function claim(uid: string, deviceId = `dev-${uniqueSuffix()}`, extra: Record<string, unknown> = {}): Promise<RawSession> {
  const answer = await rawCall("claimSession", { deviceId, deviceName: deviceId, ...extra }, { idToken: await proofToken(uid) });
  expect(answer.code, answer.message).toBe("OK");
  const result = answer.result as ClaimSessionResult;
  return { sid: result.sid, idToken: await idTokenFromCustom(result.token) };
}

export async function userWithSessions(n: number): Promise<{ user: TestUser; sessions: RawSession[] }> {
  const user = await newUser();
  const sessions: RawSession[] = [];
  for (let i = 0; i < n; i++) sessions.push(await claim(user.uid, `device-${i}-${uniqueSuffix()}`));
  return { user, sessions };
}

export const sessionIds = async (uid: string) => (await admin().db.collection(`users/${uid}/sessions`).get()).docs.map((d) => d.id).sort();
export const profileExists = async (uid: string) => (await admin().db.doc(`users/${uid}`).get()).exists;

/** A document as a client reads it over Firestore's REST API with `idToken`: the HTTP status, and the fields when readable. */
export async function restGet(path: string, idToken: string): Promise<{ status: number; fields?: Record<string, { stringValue?: string }> }> {
  const url = `http://${FIRESTORE.host}:${FIRESTORE.port}/v1/projects/${FUNCTIONS_PROJECT_ID}/databases/(default)/documents/${path}`;
  const res = await fetch(url, { headers: { authorization: `Bearer ${idToken}` } });
  const body = (await res.json().catch(() => ({}))) as { fields?: Record<string, { stringValue?: string }> };
  return res.status === 200 ? { status: 200, fields: body.fields ?? {} } : { status: res.status };
}

/** Whether an ID token may read its user's session document, through Firestore's REST API and the rules. */
export async function canRead(uid: string, sid: string, idToken: string): Promise<boolean> {
  const { status } = await restGet(`users/${uid}/sessions/${sid}`, idToken);
  return status === 200 || status === 404;
}
