// The short randomized convergence proof that runs in `npm test`. Reproduce a failure
// with SYNCGATE_SEED=<seed printed in the error> npm test -- test/convergence.
import { afterAll, expect, it } from "vitest";
import { closeAdmins } from "../harness/admin.js";
import { runScenario } from "./emulator-world.js";

afterAll(closeAdmins);

const seed = Number(process.env.SYNCGATE_SEED ?? Math.floor(Math.random() * 2 ** 31));

it(`3 devices, 300 random operations with cuts and heals converge without loss (seed ${seed})`, async () => {
  const report = await runScenario({ seed, operations: 300, devices: 3, log: console.log });
  expect(report.entities).toBeGreaterThan(20);
  expect(report.edits).toBeGreaterThan(50);
  expect(report.children).toBeGreaterThan(10); // parents and children, not a flat list
}, 240_000);
