// Hostile writes of a user's own device with a live session: shapes the rules must refuse
// below the top level, non-finite numbers, fake secret envelopes, and edits of the
// bookkeeping that decides whether an item shows. Each is refused and nothing changes.
import { assertFails, assertSucceeds, type RulesTestEnvironment } from "@firebase/rules-unit-testing";
import { deleteDoc, deleteField, doc, setDoc, updateDoc, type Firestore } from "firebase/firestore";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SECRET_PREFIX, type EntityKind } from "../../schema/index.js";
import { anEnvelope, entityData } from "../harness/factories.js";
import { createMeta, resetWithSessions, rulesEnv, storedDoc, updateMeta } from "../rules/rules-env.js";

let env: RulesTestEnvironment;
const OWNER = "mallory-owner";
const SID = "own-device";
const path = (kind: EntityKind, id: string) => `users/${OWNER}/${kind}/${id}`;
const db = () => env.authenticatedContext(OWNER, { sid: SID }).firestore() as unknown as Firestore;

const stored = (kind: EntityKind, id: string) => storedDoc(env, path(kind, id));

beforeAll(async () => {
  env = await rulesEnv(import.meta.url);
});
beforeEach(() =>
  resetWithSessions(env, [[OWNER, SID]], async (admin) => {
    await setDoc(doc(admin, path("requests", "live")), { ...entityData("requests"), ...createMeta(SID), importedWith: "root-1" });
    await setDoc(doc(admin, path("collections", "root-1")), { ...entityData("collections"), ...createMeta(SID) });
  }),
);
afterAll(async () => env.cleanup());

const huge = "x".repeat(300_000);
const request = entityData("requests");
const HOSTILE_CREATES: [string, EntityKind, Record<string, unknown>][] = [
  ["a 300,000-character url.raw", "requests", { ...request, url: { raw: huge } }],
  ["a 300,000-character raw body", "requests", { ...request, body: { mode: "raw", raw: huge } }],
  ["url: {} (no raw)", "requests", { ...request, url: {} }],
  ["a url that is a string", "requests", { ...request, url: "https://x.test" }],
  ["an unknown auth.type", "requests", { ...request, auth: { type: "evil" } }],
  ["an auth without type", "requests", { ...request, auth: { basic: [] } }],
  ["an unknown body.mode", "requests", { ...request, body: { mode: "weird" } }],
  ["a body.file that is no map", "requests", { ...request, body: { mode: "file", file: "x" } }],
  ["url.query that is no list", "requests", { ...request, url: { raw: "x", query: "a=1" } }],
  ["a graphql query over the size", "requests", { ...request, body: { mode: "graphql", graphql: { query: huge } } }],
  ["order NaN", "requests", { ...request, order: NaN }],
  ["order Infinity", "requests", { ...request, order: Infinity }],
  ["order -Infinity", "folders", { ...entityData("folders"), order: -Infinity }],
  ["a run started at Infinity", "runs", { ...entityData("runs"), startedAt: Infinity }],
  ["a response time of NaN", "responses", { ...entityData("responses"), responseTime: NaN }],
  ["a secret that only starts with sg1:", "globals", { ...entityData("globals"), type: "secret", initialValue: `${SECRET_PREFIX}my bank password is hunter2` }],
  ["a secret envelope with a short tag", "environmentVariables", { ...entityData("environmentVariables"), type: "secret", initialValue: "sg1:AAAAAAAAAAAAAAAA.AAAA" }],
  ["a secret whose value sits in (plain-text) chunks", "globals", { ...entityData("globals"), type: "secret", initialValue: "", initialValueBlob: { id: "b1", chunks: 1, chars: 9 } }],
  ["an import grouping for an import it was not part of", "folders", { ...entityData("folders"), deletedWith: "import:someone-else" }],
];

// An update checks only the fields it changes (the others passed when written), so each
// hostile shape must also be refused as an edit of a stored document of its kind.
describe("the same shapes are refused as edits, and the stored document stays as it was", () => {
  it.each(HOSTILE_CREATES)("%s", async (_what, kind, data) => {
    await env.withSecurityRulesDisabled(async (ctx) => {
      await setDoc(doc(ctx.firestore() as unknown as Firestore, path(kind, "victim")), { ...entityData(kind), ...createMeta(SID) });
    });
    const before = await stored(kind, "victim");
    await assertFails(updateDoc(doc(db(), path(kind, "victim")), { ...data, ...updateMeta(SID, { rev: 1, updatedBy: SID }) }));
    expect(await stored(kind, "victim")).toEqual(before);
  });

  it("removing a required field, adding an unknown one or retyping an unchanged-looking one is refused", async () => {
    const edit = updateMeta(SID, { rev: 1, updatedBy: SID });
    const ref = doc(db(), path("requests", "live"));
    await assertFails(updateDoc(ref, { ...edit, url: deleteField() }));
    await assertFails(updateDoc(ref, { ...edit, sneaky: true }));
    await assertFails(updateDoc(ref, { ...edit, name: 42 }));
    await assertFails(updateDoc(ref, { ...edit, "url.raw": 42 }));
    await assertFails(updateDoc(ref, { ...edit, "body.mode": "weird" }));
    await assertSucceeds(updateDoc(ref, { ...edit, "body.raw": "{}" }));
  });
});

describe("hostile creates are refused below the top level", () => {
  it.each(HOSTILE_CREATES)("%s", async (_what, kind, data) => {
    await assertFails(setDoc(doc(db(), path(kind, "hostile")), { ...data, ...createMeta(SID) }));
    expect(await stored(kind, "hostile")).toBeUndefined();
  });

  it("the well-formed versions of the same documents are accepted", async () => {
    await assertSucceeds(setDoc(doc(db(), path("requests", "ok")), { ...request, body: { mode: "graphql", graphql: { query: "{ me }" } }, order: 2.5, ...createMeta(SID) }));
    await assertSucceeds(setDoc(doc(db(), path("globals", "ok")), { ...entityData("globals"), type: "secret", initialValue: anEnvelope(), ...createMeta(SID) }));
  });
});

const base = { rev: 1, updatedBy: SID };
const HOSTILE_EDITS: [string, Record<string, unknown>][] = [
  ["point importedWith at a root that does not exist (hides the item everywhere)", { importedWith: "no-such-root" }],
  ["clear importedWith", { importedWith: null }],
  ["mark the live item a conflict copy", { conflictOf: "another" }],
  ["give the live item a deletedWith", { deletedWith: "root-1" }],
  ["give the live item a deletion", { deletion: "op-1" }],
  ["group it with an import's rollback while live", { deletedWith: "import:root-1" }],
  ["set NaN in an edit", { order: NaN }],
  ["swap url for an empty map", { url: {} }],
];

describe("edits cannot make an item vanish or break its shape", () => {
  it.each(HOSTILE_EDITS)("%s", async (_what, patch) => {
    const before = await stored("requests", "live");
    await assertFails(updateDoc(doc(db(), path("requests", "live")), { ...patch, ...updateMeta(SID, base) }));
    expect(await stored("requests", "live")).toEqual(before);
  });

  it("a hard delete is refused", async () => {
    await assertFails(deleteDoc(doc(db(), path("requests", "live"))));
    expect(await stored("requests", "live")).toBeDefined();
  });

  it("an ordinary edit and a delete (tombstone) still pass", async () => {
    await assertSucceeds(updateDoc(doc(db(), path("requests", "live")), { name: "Renamed", ...updateMeta(SID, base) }));
    await assertSucceeds(updateDoc(doc(db(), path("requests", "live")), { deleted: true, deletedWith: "root-1", deletion: "op-9", ...updateMeta(SID, { rev: 2, updatedBy: SID }) }));
  });

  it("what rules cannot check (each element of a list) passes the rules: the readers defend themselves (see reader.attack)", async () => {
    await assertSucceeds(setDoc(doc(db(), path("requests", "junk")), { ...request, headers: [{ key: "X", value: huge.slice(0, 200_000) }, "not a map"], ...createMeta(SID) }));
  });
});
