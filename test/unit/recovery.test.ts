// The plan for a document's refused writes (sync/recovery.ts): what is written again, on
// which base, and which local versions become conflict copies. The emulator tier
// (test/client/convergence.test.ts) runs the same plans through real devices.
import { expect, it } from "vitest";
import { ATTEMPTS_BEFORE_WAITING, MAX_ATTEMPTS, planRecovery } from "../../client/src/sync/recovery.js";
import type { RefusedWrite } from "../../client/src/sync/write-state.js";

const v1 = { rev: 1, updatedBy: "me", deleted: false, name: "Login", method: "GET" };
const create: RefusedWrite = { op: "create", base: {}, patch: { name: "Login", method: "GET" }, attempt: 1 };
const edit = (patch: Record<string, unknown>, base = v1, attempt = 1): RefusedWrite => ({ op: "update", base, patch, attempt });

it("a create the server refused (no document): the create and the writes on it again, in order, each on its own base", () => {
  const later = edit({ name: "Login 2" });
  expect(planRecovery([create, later], undefined)).toEqual({
    attempt: 2,
    failed: false,
    steps: [
      { write: "create", base: undefined, patch: create.patch },
      { write: "update", base: v1, patch: { name: "Login 2" } },
    ],
  });
});

it("refused for good with no create to make the document again", () => {
  expect(planRecovery([edit({ name: "x" })], undefined)).toMatchObject({ failed: true, steps: [] });
});

it("refused for its shape, not its base (the server holds the write's base, or no document for a create): tried again, then waiting, never dropped", () => {
  for (const attempt of [1, ATTEMPTS_BEFORE_WAITING - 1]) {
    expect(planRecovery([{ ...create, attempt }], undefined).steps).toHaveLength(1);
    expect(planRecovery([edit({ name: "x" }, v1, attempt)], v1).steps).toEqual([{ write: "update", base: "shown", patch: { name: "x" } }]);
  }
  for (const attempt of [ATTEMPTS_BEFORE_WAITING, MAX_ATTEMPTS]) {
    expect(planRecovery([{ ...create, attempt }], undefined)).toEqual({ attempt: attempt + 1, failed: false, waiting: true, steps: [] });
    expect(planRecovery([edit({ name: "x" }, v1, attempt), edit({ method: "POST" }, { ...v1, rev: 2 }, attempt)], v1)).toMatchObject({ waiting: true, steps: [] });
  }
  // on another version: a stale base, merged as ever however often it was tried
  expect(planRecovery([edit({ name: "x" }, v1, ATTEMPTS_BEFORE_WAITING)], { ...v1, rev: 2, updatedBy: "other" })).toMatchObject({ failed: false, steps: [{ write: "update" }] });
});

it("a refused create whose document exists (its acknowledgement was lost): nothing to do", () => {
  expect(planRecovery([create], { ...v1, updatedAt: 1 })).toEqual({ attempt: 2, failed: false, steps: [] });
});

it("on the server's version: disjoint fields written on what the view shows, a clash kept as a copy, then the delete if nobody changed the lifecycle", () => {
  const server = { ...v1, rev: 2, updatedBy: "other", name: "Login (theirs)" };
  const del: RefusedWrite = { op: "lifecycle", base: v1, patch: { deleted: true, deletedWith: null, deletion: "d1" }, attempt: 3 };
  expect(planRecovery([edit({ method: "POST" }), edit({ name: "Login (mine)" }), del], server)).toEqual({
    attempt: 4,
    failed: false,
    steps: [
      { write: "update", base: "shown", patch: { method: "POST" } },
      { copy: { name: "Login (mine)", method: "GET" } },
      { write: "lifecycle", base: "shown", patch: del.patch },
    ],
  });
});

it("on a server version this app cannot read (a newer app's shape): nothing merged into it; the edits become one copy of the device's last version", () => {
  const newer = { rev: 2, updatedBy: "other", deleted: false, title: "Login", schemaVersion: 2 };
  const del: RefusedWrite = { op: "lifecycle", base: v1, patch: { deleted: true, deletedWith: null, deletion: "d1" }, attempt: 1 };
  expect(planRecovery([edit({ method: "POST" }), edit({ name: "Login 2" }), del], newer, { serverReadOnly: true })).toEqual({
    attempt: 2,
    failed: false,
    steps: [{ copy: { name: "Login 2", method: "POST" } }, { write: "lifecycle", base: "shown", patch: del.patch }],
  });
  expect(planRecovery([del], newer, { serverReadOnly: true }).steps).toEqual([{ write: "lifecycle", base: "shown", patch: del.patch }]);
});
