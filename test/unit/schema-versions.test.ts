// Schema versions (schema/versions.ts): a released version is frozen, the next one follows
// from its migration steps, and an upgrade brings a document up through every version in
// between, never down.
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { z } from "zod";
import { CURRENT_SCHEMA, nextSchema, upgradeOf, versionOf, type SchemaVersion } from "../../schema/index.js";
import { frozenPath, schemaJson } from "../../scripts/generate-rules.js";
import { NEXT_SCHEMA } from "../harness/next-schema.js";
import { entityData } from "../harness/factories.js";

it("every released version's schemas are as frozen when it shipped: a change to schema/ needs a new version with its migrations", () => {
  for (let v: SchemaVersion | undefined = CURRENT_SCHEMA; v; v = v.previous) {
    expect(schemaJson(v), `schema version ${v.version} changed since it was frozen (npm run rules -- --freeze for a new version)`).toBe(readFileSync(frozenPath(v.version, "json"), "utf8"));
  }
});

it("the next version's schemas follow from its steps: a new optional field, a required one, a rename", () => {
  const request = { ...entityData("requests"), timeoutMs: 1_000, summary: "Logs in", schemaVersion: 2 };
  expect(NEXT_SCHEMA.version).toBe(CURRENT_SCHEMA.version + 1);
  expect(NEXT_SCHEMA.entities.requests.strict().safeParse(request).success).toBe(true);
  const { timeoutMs: _, ...withoutTimeout } = request;
  expect(NEXT_SCHEMA.entities.requests.strict().safeParse(withoutTimeout).success).toBe(false);
  expect(NEXT_SCHEMA.entities.environments.strict().safeParse({ title: "Staging" }).success).toBe(true);
  expect(NEXT_SCHEMA.entities.environments.strict().safeParse({ name: "Staging" }).success).toBe(false);
  // kinds without steps are as they were
  expect(NEXT_SCHEMA.entities.folders.strict().safeParse(entityData("folders")).success).toBe(true);
  expect(() => nextSchema(CURRENT_SCHEMA, { folders: [{ add: "color", schema: z.string() }] })).toThrow(/needs a default/);
});

it("an upgrade sets what the steps change and removes what they take away; a document at or above the target is left alone", () => {
  const request = entityData("requests");
  expect(upgradeOf("requests", request, NEXT_SCHEMA)).toEqual({ set: { timeoutMs: 30_000, schemaVersion: 2 }, remove: [] });
  expect(upgradeOf("requests", { ...request, timeoutMs: 5 }, NEXT_SCHEMA)).toEqual({ set: { schemaVersion: 2 }, remove: [] });
  expect(upgradeOf("environments", { name: "Staging" }, NEXT_SCHEMA)).toEqual({ set: { title: "Staging", schemaVersion: 2 }, remove: ["name"] });
  expect(upgradeOf("requests", { ...request, schemaVersion: 2 }, NEXT_SCHEMA)).toBeUndefined();
  expect(upgradeOf("requests", { ...request, schemaVersion: 3 }, NEXT_SCHEMA)).toBeUndefined();
  expect(upgradeOf("requests", request, CURRENT_SCHEMA)).toBeUndefined();
  expect(versionOf({ schemaVersion: 2 })).toBe(2);
  expect(versionOf({ schemaVersion: "2" })).toBe(1);
});

it("splits and joins, and a chain of versions, upgrade in order", () => {
  const v3 = nextSchema(NEXT_SCHEMA, {
    runs: [{ from: ["startedAt", "finishedAt"], to: { timing: z.object({ start: z.number(), end: z.number().nullable() }) }, by: (f) => ({ timing: { start: f["startedAt"], end: f["finishedAt"] ?? null } }) }],
    environments: [{ rename: "title", to: "label" }],
  });
  const run = entityData("runs");
  expect(upgradeOf("runs", run, v3)).toEqual({ set: { timing: { start: run.startedAt, end: null }, schemaVersion: 3 }, remove: ["startedAt"] });
  expect(upgradeOf("environments", { name: "Staging" }, v3)).toEqual({ set: { label: "Staging", schemaVersion: 3 }, remove: ["name"] });
  expect(upgradeOf("environments", { title: "Staging", schemaVersion: 2 }, v3)).toEqual({ set: { label: "Staging", schemaVersion: 3 }, remove: ["title"] });
  const { startedAt: _, ...upgraded } = { ...run, timing: { start: 1, end: 2 }, schemaVersion: 3 };
  expect(v3.entities.runs.strict().safeParse(upgraded).success).toBe(true);
  expect(v3.entities.runs.strict().safeParse(run).success).toBe(false);
});
