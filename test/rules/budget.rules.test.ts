// Firestore stops evaluating rules after 1,000 expressions per document write and
// refuses it. The heaviest document every kind may hold (every field the schema names,
// nested maps included) must be created, edited, deleted and restored within that
// budget, with room to spare: the rules here carry a padding function that spends a
// fixed part of the budget first.
import { assertSucceeds, initializeTestEnvironment, type RulesTestEnvironment } from "@firebase/rules-unit-testing";
import { doc, setDoc, updateDoc, type Firestore } from "firebase/firestore";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ENTITY_KINDS } from "../../schema/index.js";
import { FIRESTORE, projectIdFor } from "../harness/emulators.js";
import { heaviestData } from "../harness/factories.js";
import { createMeta, resetWithSessions, updateMeta } from "./rules-env.js";

/**
 * `true` costs about three expressions (measured against the emulator's limit). The
 * heaviest request, the costliest kind, leaves about 180.
 */
const SPARE_EXPRESSIONS = 150;
const padding = `function spare() { return ${Array(Math.ceil(SPARE_EXPRESSIONS / 3)).fill("true").join(" && ")}; }`;

const rules = readFileSync("firestore.rules", "utf8");
const padded = rules
  .replace("function signedIn() {", `${padding}\n\n    function signedIn() {`)
  .replace("return request.auth != null;", "return spare() && request.auth != null;");

let env: RulesTestEnvironment;
beforeAll(async () => {
  env = await initializeTestEnvironment({ projectId: projectIdFor(import.meta.url), firestore: { rules: padded, host: FIRESTORE.host, port: FIRESTORE.port } });
});
beforeEach(() => resetWithSessions(env, [["alice", "s1"]]));
afterAll(async () => env.cleanup());

describe.each(ENTITY_KINDS)("%s", (kind) => {
  it(`the heaviest document is created, edited, deleted and restored with ${SPARE_EXPRESSIONS} expressions to spare`, async () => {
    expect(padded).not.toBe(rules);
    const db = env.authenticatedContext("alice", { sid: "s1" }).firestore() as unknown as Firestore;
    const ref = doc(db, `users/alice/${kind}/i1`);
    await assertSucceeds(setDoc(ref, { ...heaviestData(kind), ...createMeta("s1") }));
    // an edit that changes every field an edit may change
    const { conflictOf: _c, importedWith: _i, deletedWith: _d, deletion: _o, ...edit } = heaviestData(kind, 1);
    await assertSucceeds(updateDoc(ref, { ...edit, ...updateMeta("s1", { rev: 1, updatedBy: "s1" }) }));
    await assertSucceeds(updateDoc(ref, { ...updateMeta("s1", { rev: 2, updatedBy: "s1" }), deleted: true, deletedWith: "i1", deletion: "op2" }));
    await assertSucceeds(updateDoc(ref, { ...updateMeta("s1", { rev: 3, updatedBy: "s1" }), deleted: false }));
  });
});
