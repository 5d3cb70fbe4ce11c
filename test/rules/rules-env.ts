// A rules-unit-testing environment on this file's own project id, loaded with the
// product's firestore.rules, plus the sync-metadata a well-behaved client writes.
import { readFileSync } from "node:fs";
import { initializeTestEnvironment, type RulesTestEnvironment } from "@firebase/rules-unit-testing";
import { serverTimestamp, type Firestore } from "firebase/firestore";
import { FIRESTORE, projectIdFor } from "../harness/emulators.js";

export async function rulesEnv(testFile: string): Promise<RulesTestEnvironment> {
  return initializeTestEnvironment({
    projectId: projectIdFor(testFile),
    firestore: { rules: readFileSync("firestore.rules", "utf8"), host: FIRESTORE.host, port: FIRESTORE.port },
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
