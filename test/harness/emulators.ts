// Where the emulators listen. `firebase emulators:exec` exports the hosts; the fallbacks
// match firebase.json so a test run against `npm start` works too.
import { basename } from "node:path";

function hostPort(value: string): { host: string; port: number } {
  const [host, port] = value.split(":");
  return { host: host ?? "127.0.0.1", port: Number(port) };
}

export const FIRESTORE = hostPort(process.env.FIRESTORE_EMULATOR_HOST ?? "127.0.0.1:8080");
export const AUTH = hostPort(process.env.FIREBASE_AUTH_EMULATOR_HOST ?? "127.0.0.1:9099");
export const FUNCTIONS = hostPort(process.env.FUNCTIONS_EMULATOR_HOST ?? "127.0.0.1:5001");

/** The project the functions emulator serves: callables only exist there. */
export const FUNCTIONS_PROJECT_ID = process.env.GCLOUD_PROJECT ?? "demo-syncgate";

/** A demo-* project id of its own for one test file, so parallel files never collide. */
export function projectIdFor(testFile: string): string {
  const slug = basename(testFile).replace(/\.test\.ts$/, "").toLowerCase().replace(/[^a-z0-9]+/g, "-");
  return `demo-sg-${slug}`.slice(0, 30).replace(/-$/, "");
}

/** A short unique suffix, for usernames and device ids that must not collide across files. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}
