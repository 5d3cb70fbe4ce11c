// firestore.rules is generated from schema/: the committed file must be current.
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { generateRules } from "../../scripts/generate-rules.js";

it("firestore.rules matches what `npm run rules` generates from schema/", () => {
  expect(readFileSync("firestore.rules", "utf8")).toBe(generateRules());
});
