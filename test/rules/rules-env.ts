// A rules-unit-testing environment on this file's own project id, loaded with the
// product's firestore.rules, plus the sync-metadata a well-behaved client writes.
import { readFileSync } from "node:fs";
import { initializeTestEnvironment, type RulesTestEnvironment } from "@firebase/rules-unit-testing";
import { doc, getDoc, serverTimestamp, setDoc, Timestamp, type Firestore } from "firebase/firestore";
import { FIRESTORE, projectIdFor } from "../harness/emulators.js";

/** `rules`: another rules source (another schema version's), on a project of its own named by `variant`. */
export async function rulesEnv(testFile: string, other?: { rules: string; variant: string }): Promise<RulesTestEnvironment> {
  return initializeTestEnvironment({
    projectId: other ? `${projectIdFor(testFile)}-${other.variant}` : projectIdFor(testFile),
    firestore: { rules: other?.rules ?? readFileSync("firestore.rules", "utf8"), host: FIRESTORE.host, port: FIRESTORE.port },
  });
}

export const createMeta = (sid: string) => ({ rev: 1, updatedAt: serverTimestamp(), updatedBy: sid, deleted: false });
export const updateMeta = (sid: string, base: { rev: number; updatedBy: string }) => ({
  rev: base.rev + 1,
  baseBy: base.updatedBy,
  updatedAt: serverTimestamp(),
  updatedBy: sid,
});

/** The database as one role sees it. */
export type Db = Firestore;

/** A document as the server holds it (read with rules disabled). */
export async function storedDoc(env: RulesTestEnvironment, path: string): Promise<Record<string, unknown> | undefined> {
  let data: Record<string, unknown> | undefined;
  await env.withSecurityRulesDisabled(async (ctx) => {
    data = (await getDoc(doc(ctx.firestore() as unknown as Firestore, path))).data();
  });
  return data;
}

/** Empties the project and gives each [uid, sid] a live session; `seed` writes more, rules disabled. */
export async function resetWithSessions(env: RulesTestEnvironment, sessions: [string, string][], seed?: (db: Firestore) => Promise<void>): Promise<void> {
  await env.clearFirestore();
  await env.withSecurityRulesDisabled(async (ctx) => {
    const db = ctx.firestore() as unknown as Firestore;
    const session = { deviceId: "dev-1", deviceName: "Laptop", platform: "test", createdAt: Timestamp.now(), lastSeenAt: Timestamp.now() };
    for (const [uid, sid] of sessions) await setDoc(doc(db, `users/${uid}/sessions/${sid}`), session);
    await seed?.(db);
  });
}
