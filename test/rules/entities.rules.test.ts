// The rules matrix for all nine kinds: who may get / list / create / update / delete,
// then invalid shapes, wrong metadata, oversize fields and the tombstone lifecycle.
import { assertFails, assertSucceeds, type RulesTestEnvironment } from "@firebase/rules-unit-testing";
import { collection, deleteDoc, doc, getDoc, getDocs, serverTimestamp, setDoc, Timestamp, updateDoc, type Firestore } from "firebase/firestore";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ENTITY_KINDS, LIMITS, SECRET_PREFIX, type EntityKind } from "../../schema/index.js";
import { anEdit, anEnvelope, entityData, requiredField } from "../harness/factories.js";
import { createMeta, resetWithSessions, rulesEnv, storedDoc, updateMeta } from "./rules-env.js";

let env: RulesTestEnvironment;
const OWNER = "alice";
const SID = "alice-laptop";

type Role = "anonymous" | "other user" | "owner without session" | "owner with revoked sid" | "owner with foreign sid" | "owner with session";
const ROLES: Role[] = ["anonymous", "other user", "owner without session", "owner with revoked sid", "owner with foreign sid", "owner with session"];

function dbAs(role: Role): Firestore {
  const ctx = {
    anonymous: () => env.unauthenticatedContext(),
    "other user": () => env.authenticatedContext("bob", { sid: "bob-phone" }),
    "owner without session": () => env.authenticatedContext(OWNER),
    "owner with revoked sid": () => env.authenticatedContext(OWNER, { sid: "revoked" }),
    "owner with foreign sid": () => env.authenticatedContext(OWNER, { sid: "bob-phone" }),
    "owner with session": () => env.authenticatedContext(OWNER, { sid: SID }),
  }[role]();
  return ctx.firestore() as unknown as Firestore;
}

const owner = () => dbAs("owner with session");
const path = (kind: EntityKind, id: string) => `users/${OWNER}/${kind}/${id}`;

async function seed(kind: EntityKind, id: string, extra: Record<string, unknown> = {}) {
  await env.withSecurityRulesDisabled(async (ctx) => {
    const db = ctx.firestore() as unknown as Firestore;
    await setDoc(doc(db, path(kind, id)), { ...entityData(kind), ...createMeta(SID), ...extra });
  });
}

const stored = (kind: EntityKind, id: string) => storedDoc(env, path(kind, id));

beforeAll(async () => {
  env = await rulesEnv(import.meta.url);
});
beforeEach(() => resetWithSessions(env, [[OWNER, SID], ["bob", "bob-phone"]]));
afterAll(async () => env.cleanup());

describe.each(ENTITY_KINDS)("%s: access matrix", (kind) => {
  it.each(ROLES)("%s", async (role) => {
    await seed(kind, "existing");
    const db = dbAs(role);
    const allowed = role === "owner with session";
    const expectOutcome = (p: Promise<unknown>) => (allowed ? assertSucceeds(p) : assertFails(p));
    const sid = role === "owner with session" ? SID : "bob-phone";

    await expectOutcome(getDoc(doc(db, path(kind, "existing"))));
    await expectOutcome(getDocs(collection(db, `users/${OWNER}/${kind}`)));
    await expectOutcome(setDoc(doc(db, path(kind, "created")), { ...entityData(kind), ...createMeta(sid) }));
    await expectOutcome(updateDoc(doc(db, path(kind, "existing")), { ...updateMeta(sid, { rev: 1, updatedBy: SID }), ...anEdit(kind) }));
    // Nobody hard-deletes: a delete is a tombstone write.
    await assertFails(deleteDoc(doc(db, path(kind, "existing"))));

    expect((await stored(kind, "existing"))?.["rev"]).toBe(allowed ? 2 : 1);
  });
});

describe.each(ENTITY_KINDS)("%s: shapes and metadata", (kind) => {
  const create = (data: Record<string, unknown>, id = "x1") => setDoc(doc(owner(), path(kind, id)), data);

  it("refuses a missing required field, an unknown field, a wrong type and an oversize string", async () => {
    const valid = entityData(kind) as Record<string, unknown>;
    const { [requiredField(kind)]: _dropped, ...missing } = valid;
    await assertFails(create({ ...missing, ...createMeta(SID) }));
    await assertFails(create({ ...valid, ...createMeta(SID), sneaky: true }));
    await assertFails(create({ ...valid, ...createMeta(SID), conflictOf: 42 }));
    await assertFails(create({ ...valid, ...createMeta(SID), conflictOf: "x".repeat(LIMITS.id + 1) }));
    await assertFails(create({ ...valid, ...createMeta(SID) }, "bad/id".replace("/", "$")));
    await assertSucceeds(create({ ...valid, ...createMeta(SID), conflictOf: "x".repeat(LIMITS.id) }));
  });

  it("refuses wrong create metadata", async () => {
    const valid = entityData(kind);
    await assertFails(create({ ...valid, ...createMeta(SID), rev: 2 }));
    await assertFails(create({ ...valid, ...createMeta(SID), updatedBy: "bob-phone" }));
    await assertFails(create({ ...valid, ...createMeta(SID), updatedAt: Timestamp.fromMillis(0) }));
    await assertFails(create({ ...valid, ...createMeta(SID), deleted: true }));
    await assertFails(create({ ...valid, ...createMeta(SID), baseBy: SID }));
    const { rev: _rev, ...noRev } = createMeta(SID);
    await assertFails(create({ ...valid, ...noRev }));
  });

  it("accepts an update only from the exact base version (rev + 1 and baseBy)", async () => {
    await seed(kind, "e1");
    const ref = doc(owner(), path(kind, "e1"));
    await assertFails(updateDoc(ref, { ...updateMeta(SID, { rev: 1, updatedBy: SID }), rev: 3 }));
    await assertFails(updateDoc(ref, { ...updateMeta(SID, { rev: 0, updatedBy: SID }) }));
    await assertFails(updateDoc(ref, { ...updateMeta(SID, { rev: 1, updatedBy: "someone-else" }) }));
    await assertFails(updateDoc(ref, { ...updateMeta(SID, { rev: 1, updatedBy: SID }), updatedAt: Timestamp.now() }));
    await assertSucceeds(updateDoc(ref, { ...updateMeta(SID, { rev: 1, updatedBy: SID }) }));
    // the same stale write again: rev 2 already taken
    await assertFails(updateDoc(ref, { ...updateMeta(SID, { rev: 1, updatedBy: SID }) }));
  });

  it("deletes and restores as lifecycle-only writes; an edit of a tombstone stays deleted", async () => {
    await seed(kind, "e1");
    const ref = doc(owner(), path(kind, "e1"));
    // a delete that also edits fields is refused
    await assertFails(updateDoc(ref, { ...updateMeta(SID, { rev: 1, updatedBy: SID }), deleted: true, ...anEdit(kind, "x") }));
    await assertSucceeds(updateDoc(ref, { ...updateMeta(SID, { rev: 1, updatedBy: SID }), deleted: true, deletedWith: null }));
    // an edit landing on the tombstone is kept, still deleted
    await assertSucceeds(updateDoc(ref, { ...updateMeta(SID, { rev: 2, updatedBy: SID }), ...anEdit(kind, "After delete") }));
    // a restore that also edits is refused; a plain restore works
    await assertFails(updateDoc(ref, { ...updateMeta(SID, { rev: 3, updatedBy: SID }), deleted: false, ...anEdit(kind, "y") }));
    await assertSucceeds(updateDoc(ref, { ...updateMeta(SID, { rev: 3, updatedBy: SID }), deleted: false }));
    const snap = await getDoc(ref);
    expect(snap.get("deleted")).toBe(false);
    expect(snap.data()).toMatchObject(anEdit(kind, "After delete"));
    expect(snap.get("rev")).toBe(4);
  });
});

describe("kind-specific checks", () => {
  it("secret variables reach Firestore only encrypted", async () => {
    for (const kind of ["globals", "environmentVariables"] as const) {
      const clear = { ...entityData(kind), type: "secret", initialValue: "hunter2" };
      await assertFails(setDoc(doc(owner(), path(kind, "s1")), { ...clear, ...createMeta(SID) }));
      const shared = { ...entityData(kind), type: "secret", initialValue: anEnvelope("a"), currentValue: "plain", shareCurrentValue: true };
      await assertFails(setDoc(doc(owner(), path(kind, "s2")), { ...shared, ...createMeta(SID) }));
      await assertSucceeds(setDoc(doc(owner(), path(kind, "s3")), { ...shared, currentValue: anEnvelope("c"), ...createMeta(SID) }));
      // starting with the prefix is not enough: the envelope's exact structure is checked
      await assertFails(setDoc(doc(owner(), path(kind, "s4")), { ...shared, initialValue: `${SECRET_PREFIX}my bank password is hunter2`, currentValue: null, ...createMeta(SID) }));
    }
  });

  it("enumerations and numeric bounds are enforced", async () => {
    await assertFails(setDoc(doc(owner(), path("globals", "g1")), { ...entityData("globals"), type: "hidden", ...createMeta(SID) }));
    await assertFails(setDoc(doc(owner(), path("responses", "r1")), { ...entityData("responses"), code: 1000, ...createMeta(SID) }));
    await assertFails(setDoc(doc(owner(), path("responses", "r2")), { ...entityData("responses"), code: 2.5, ...createMeta(SID) }));
    await assertFails(
      setDoc(doc(owner(), path("requests", "q1")), { ...entityData("requests"), headers: Array(LIMITS.listItems + 1).fill({ key: "a" }), ...createMeta(SID) }),
    );
    await assertFails(
      setDoc(doc(owner(), path("requests", "q2")), { ...entityData("requests"), name: "x".repeat(LIMITS.name + 1), ...createMeta(SID) }),
    );
  });
});

describe("chunks, sessions, profile, usernames, mail", () => {
  const chunk = (index: number, count = 2) => ({ blobId: "b1", ownerKind: "responses", ownerId: "r1", index, count, data: "x".repeat(10) });

  it("chunks are create-only, named after their blob and index, bounded in size", async () => {
    await assertSucceeds(setDoc(doc(owner(), `users/${OWNER}/chunks/b1_0`), chunk(0)));
    await assertFails(setDoc(doc(owner(), `users/${OWNER}/chunks/b1_5`), chunk(1)));
    await assertFails(setDoc(doc(owner(), `users/${OWNER}/chunks/b1_2`), chunk(2)));
    await assertFails(setDoc(doc(owner(), `users/${OWNER}/chunks/b1_1`), { ...chunk(1), data: "x".repeat(LIMITS.chunkChars + 1) }));
    await assertFails(setDoc(doc(owner(), `users/${OWNER}/chunks/b1_0`), chunk(0)));
    await assertFails(deleteDoc(doc(owner(), `users/${OWNER}/chunks/b1_0`)));
    await assertFails(getDoc(doc(dbAs("other user"), `users/${OWNER}/chunks/b1_0`)));
    await assertSucceeds(getDoc(doc(owner(), `users/${OWNER}/chunks/b1_0`)));
  });

  it("a device reads the sessions list and may only bump lastSeenAt on its own session", async () => {
    const mine = doc(owner(), `users/${OWNER}/sessions/${SID}`);
    await assertSucceeds(getDocs(collection(owner(), `users/${OWNER}/sessions`)));
    await assertSucceeds(updateDoc(mine, { lastSeenAt: serverTimestamp() }));
    await assertFails(updateDoc(mine, { lastSeenAt: Timestamp.fromMillis(Date.now() + 1e9) }));
    await assertFails(updateDoc(mine, { lastSeenAt: serverTimestamp(), deviceName: "Evil" }));
    await assertFails(setDoc(doc(owner(), `users/${OWNER}/sessions/new-one`), { deviceId: "x" }));
    await assertFails(deleteDoc(mine));
    await assertFails(getDocs(collection(dbAs("owner without session"), `users/${OWNER}/sessions`)));
  });

  it("the profile is readable by its active owner only and written by functions only", async () => {
    await env.withSecurityRulesDisabled(async (ctx) => {
      await setDoc(doc(ctx.firestore() as unknown as Firestore, `users/${OWNER}`), { username: "alice", createdAt: Timestamp.now() });
    });
    await assertSucceeds(getDoc(doc(owner(), `users/${OWNER}`)));
    await assertFails(getDoc(doc(dbAs("other user"), `users/${OWNER}`)));
    await assertFails(setDoc(doc(owner(), `users/${OWNER}`), { username: "mallory" }));
  });

  it("usernames and mail are closed to every client", async () => {
    for (const role of ROLES) {
      const db = dbAs(role);
      await assertFails(getDoc(doc(db, "usernames/alice")));
      await assertFails(setDoc(doc(db, "usernames/alice"), { uid: OWNER }));
      await assertFails(getDocs(collection(db, "mail")));
      await assertFails(setDoc(doc(db, "mail/m1"), { to: "x@y.z", message: { subject: "s", text: "t" } }));
    }
  });
});
