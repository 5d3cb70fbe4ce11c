// The default conflict handler: what a device's version of an item becomes when a
// same-field clash keeps the server's value (the merge itself: merge.test.ts).
import { expect, it } from "vitest";
import { LIMITS } from "../../schema/index.js";
import { conflictCopies } from "../../client/src/sync/conflicts.js";

const context = { kind: "requests" as const, originalId: "r1", deviceName: "Phone" };

it("is named, and keeps the local version as a live copy linked to the original, labelled with the device", () => {
  expect(conflictCopies.name).toBe("conflict-copies");
  const copy = conflictCopies.copy({ name: "Login", method: "PUT", deletedWith: "f1", deletion: "d1" }, context);
  expect(copy).toEqual({ name: "Login (conflict from Phone)", method: "PUT", conflictOf: "r1", deletedWith: null, deletion: null });
});

it("keeps a long name within the limit", () => {
  const copy = conflictCopies.copy({ name: "x".repeat(LIMITS.name) }, context)!;
  expect((copy["name"] as string).length).toBe(LIMITS.name);
});

it("a variable's copy (no name) is disabled, so it never shadows the original", () => {
  const copy = conflictCopies.copy({ key: "token", initialValue: "abc", enabled: true }, { ...context, kind: "environmentVariables" });
  expect(copy).toMatchObject({ key: "token", enabled: false, conflictOf: "r1" });
});
