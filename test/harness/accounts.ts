// Users and device sessions on the functions project, through the real callables.
import { httpsCallable } from "firebase/functions";
import { Timestamp } from "firebase-admin/firestore";
import { SIGN_IN_CLAIM, type CallableName } from "../../schema/index.js";
import { adminFor } from "./admin.js";
import type { Device, Fleet, DeviceOptions } from "./devices.js";
import { FUNCTIONS_PROJECT_ID, uniqueSuffix } from "./emulators.js";

export interface TestUser {
  uid: string;
  email: string;
  password: string;
}

export const functionsAdmin = () => adminFor(FUNCTIONS_PROJECT_ID);

/** A new account made by the Admin SDK as createAccount makes it (Auth user and profile), with a unique email. */
export async function newUser(): Promise<TestUser> {
  const username = `u-${uniqueSuffix()}`;
  const email = `${username}@example.test`;
  const password = "correct-horse-9";
  const { uid } = await functionsAdmin().auth.createUser({ email, password });
  await functionsAdmin().db.doc(`users/${uid}`).create({ username, createdAt: Timestamp.now() });
  return { uid, email, password };
}

/**
 * The custom token signInWithUsername mints after checking the password: proof of a fresh
 * first-factor sign-in, which claimSession requires. `ageMs` back-dates the check.
 */
export function signInProofToken(uid: string, ageMs = 0): Promise<string> {
  return functionsAdmin().auth.createCustomToken(uid, { [SIGN_IN_CLAIM]: Date.now() - ageMs });
}

/** Calls a callable as the device's current user. */
export async function call<R = unknown>(device: Device, name: CallableName, data: unknown = {}): Promise<R> {
  const result = await httpsCallable(device.functions, name)(data);
  return result.data as R;
}

export interface SignedInDevice {
  device: Device;
  sid: string;
}

/** A device signed in as `user` holding a session (claimSession + the sid token). */
export async function deviceWithSession(
  fleet: Fleet,
  user: TestUser,
  deviceId = `dev-${uniqueSuffix()}`,
  options: Partial<DeviceOptions> = {},
): Promise<SignedInDevice> {
  const device = await fleet.start({ projectId: FUNCTIONS_PROJECT_ID, ...options });
  await device.signInWithToken(await signInProofToken(user.uid));
  const { sid, token } = await call<{ sid: string; token: string }>(device, "claimSession", { deviceId, deviceName: deviceId });
  await device.signInWithToken(token);
  return { device, sid };
}
