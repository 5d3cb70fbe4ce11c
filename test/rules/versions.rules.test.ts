// Rules across schema versions: the rules of N+1 accept documents of N and of N+1, each
// held to its own version's schema; the rules of N (as frozen when N shipped) refuse
// N+1's. A document's version only goes up, and an upgrade must take the old shape away.
import { readFileSync } from "node:fs";
import { assertFails, assertSucceeds, type RulesTestEnvironment } from "@firebase/rules-unit-testing";
import { deleteField, doc, setDoc, updateDoc, type Firestore } from "firebase/firestore";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { generateRules, frozenPath } from "../../scripts/generate-rules.js";
import { CURRENT_SCHEMA } from "../../schema/index.js";
import { entityData } from "../harness/factories.js";
import { NEXT_SCHEMA } from "../harness/next-schema.js";
import { createMeta, resetWithSessions, rulesEnv, storedDoc, updateMeta } from "./rules-env.js";

const OWNER = "alice";
const SID = "alice-laptop";
let next: RulesTestEnvironment;
let frozen: RulesTestEnvironment;

const owner = (env: RulesTestEnvironment) => env.authenticatedContext(OWNER, { sid: SID }).firestore() as unknown as Firestore;
const ref = (env: RulesTestEnvironment, kind: string, id: string) => doc(owner(env), `users/${OWNER}/${kind}/${id}`);
const v1Request = () => entityData("requests");
const v2Request = (extra: Record<string, unknown> = {}) => ({ ...entityData("requests"), timeoutMs: 1_000, schemaVersion: 2, ...extra });
const base = { rev: 1, updatedBy: SID };

beforeAll(async () => {
  next = await rulesEnv(import.meta.url, { rules: generateRules(NEXT_SCHEMA), variant: "next" });
  frozen = await rulesEnv(import.meta.url, { rules: readFileSync(frozenPath(CURRENT_SCHEMA.version, "rules"), "utf8"), variant: "frozen" });
});
beforeEach(async () => {
  for (const env of [next, frozen]) await resetWithSessions(env, [[OWNER, SID]]);
});
afterAll(async () => {
  await next.cleanup();
  await frozen.cleanup();
});

describe("the rules of N+1", () => {
  it("accept documents of N and of N+1, each held to its own schema", async () => {
    await assertSucceeds(setDoc(ref(next, "requests", "old"), { ...v1Request(), ...createMeta(SID) }));
    await assertSucceeds(setDoc(ref(next, "requests", "new"), { ...v2Request({ summary: "Logs in" }), ...createMeta(SID) }));
    await assertSucceeds(setDoc(ref(next, "environments", "new"), { title: "Staging", schemaVersion: 2, ...createMeta(SID) }));
    // N+1 without its required field, N with N+1's field, N+1 with N's old name: refused
    const { timeoutMs: _, ...noTimeout } = v2Request();
    await assertFails(setDoc(ref(next, "requests", "a"), { ...noTimeout, ...createMeta(SID) }));
    await assertFails(setDoc(ref(next, "requests", "b"), { ...v1Request(), summary: "x", ...createMeta(SID) }));
    await assertFails(setDoc(ref(next, "environments", "c"), { name: "Staging", schemaVersion: 2, ...createMeta(SID) }));
    // a version no release has
    await assertFails(setDoc(ref(next, "requests", "d"), { ...v2Request({ schemaVersion: 3 }), ...createMeta(SID) }));
  });

  it("an upgrade sets the new shape and takes the old one away; a version never goes down", async () => {
    await setDoc(ref(next, "environments", "e"), { name: "Staging", ...createMeta(SID) });
    // N's edit of an N document still passes
    await assertSucceeds(updateDoc(ref(next, "environments", "e"), { name: "Staging 2", ...updateMeta(SID, base) }));
    const at2 = { rev: 2, updatedBy: SID };
    // upgrading but keeping the old field: refused
    await assertFails(updateDoc(ref(next, "environments", "e"), { title: "Staging 2", schemaVersion: 2, ...updateMeta(SID, at2) }));
    await assertSucceeds(updateDoc(ref(next, "environments", "e"), { title: "Staging 2", name: deleteField(), schemaVersion: 2, ...updateMeta(SID, at2) }));
    expect(await storedDoc(next, `users/${OWNER}/environments/e`)).toMatchObject({ title: "Staging 2", schemaVersion: 2 });
    const at3 = { rev: 3, updatedBy: SID };
    await assertFails(updateDoc(ref(next, "environments", "e"), { name: "Staging", title: deleteField(), schemaVersion: deleteField(), ...updateMeta(SID, at3) }));
    // an N app's edit of a field it knows, on a newer document, keeps the version: passes
    await setDoc(ref(next, "requests", "r"), { ...v2Request(), ...createMeta(SID) });
    await assertSucceeds(updateDoc(ref(next, "requests", "r"), { name: "Renamed by N", ...updateMeta(SID, base) }));
  });
});

describe("the rules of N, as frozen when N shipped", () => {
  it("refuse N+1's documents (an app deployed before its rules) and accept N's", async () => {
    await assertSucceeds(setDoc(ref(frozen, "requests", "old"), { ...v1Request(), ...createMeta(SID) }));
    await assertFails(setDoc(ref(frozen, "requests", "new"), { ...v2Request(), ...createMeta(SID) }));
    await assertFails(updateDoc(ref(frozen, "requests", "old"), { timeoutMs: 30_000, schemaVersion: 2, ...updateMeta(SID, base) }));
  });
});
