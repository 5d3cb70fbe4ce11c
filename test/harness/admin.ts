// Admin SDK access to the emulators, one app per project id, for seeding and inspecting
// state the way the server sees it.
import { deleteApp, getApps, initializeApp, type App } from "firebase-admin/app";
import { getAuth, type Auth } from "firebase-admin/auth";
import { getFirestore, type Firestore } from "firebase-admin/firestore";
import { AUTH, FIRESTORE } from "./emulators.js";

process.env.FIRESTORE_EMULATOR_HOST ??= `${FIRESTORE.host}:${FIRESTORE.port}`;
process.env.FIREBASE_AUTH_EMULATOR_HOST ??= `${AUTH.host}:${AUTH.port}`;

export interface Admin {
  app: App;
  db: Firestore;
  auth: Auth;
}

export function adminFor(projectId: string): Admin {
  const app = getApps().find((a) => a.name === projectId) ?? initializeApp({ projectId }, projectId);
  return { app, db: getFirestore(app), auth: getAuth(app) };
}

export async function closeAdmins(): Promise<void> {
  await Promise.allSettled(getApps().map((a) => deleteApp(a)));
}

/** Deletes every document of a project in the Firestore emulator. */
export async function clearFirestore(projectId: string): Promise<void> {
  const res = await fetch(
    `http://${FIRESTORE.host}:${FIRESTORE.port}/emulator/v1/projects/${projectId}/databases/(default)/documents`,
    { method: "DELETE" },
  );
  if (!res.ok) throw new Error(`clearFirestore(${projectId}): HTTP ${res.status}`);
}

/** Loads a rules source into one project of the Firestore emulator. */
export async function loadRules(projectId: string, rules: string): Promise<void> {
  const res = await fetch(`http://${FIRESTORE.host}:${FIRESTORE.port}/emulator/v1/projects/${projectId}:securityRules`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ rules: { files: [{ name: "firestore.rules", content: rules }] } }),
  });
  if (!res.ok) throw new Error(`loadRules(${projectId}): HTTP ${res.status} ${await res.text()}`);
}
