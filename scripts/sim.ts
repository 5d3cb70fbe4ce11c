// npm run sim -- [--ops N] [--seed S] [--devices D] [--skip-listen P] [--restarts P] [--per-run N] [--shrink-minutes M]
// Runs the convergence scenario on the deterministic simulator, in runs of 1,000
// operations on seeds S, S+1, …, until N operations have run. Prints operations per
// minute and the hash of the runs' traces (the same seed gives the same hash). Each
// operation draws from a stream of its own (ScenarioOptions.perOperation), so a failing
// seed is shrunk to a minimal list of operations: first the shortest failing prefix, then
// delta debugging (ddmin) drops operations while the run still fails, for at most M
// minutes. The list is saved as a regression case in test/sim/regressions.json, which
// test/unit/sim-regressions.test.ts replays.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { REGRESSIONS_FILE, type RegressionCase } from "../test/sim/regressions.js";
import { failureOf, simulate } from "../test/sim/run.js";
import { ddmin, shortestPrefix } from "../test/sim/shrink.js";

const { values } = parseArgs({
  options: {
    ops: { type: "string", default: "100000" },
    seed: { type: "string" },
    devices: { type: "string", default: "3" },
    "skip-listen": { type: "string", default: "0.01" },
    restarts: { type: "string", default: "0.01" },
    "per-run": { type: "string", default: "1000" },
    "shrink-minutes": { type: "string", default: "10" },
  },
});
const total = Number(values.ops);
const perRun = Number(values["per-run"]);
const devices = Number(values.devices);
const faults = { skipListen: Number(values["skip-listen"]) };
const restarts = Number(values.restarts);
let seed = Number(values.seed ?? Math.floor(Math.random() * 2 ** 31));
const hashes: string[] = [];

const options = (s: number, operations: number, only?: readonly number[]) => ({ seed: s, operations, devices, restarts, faults, perOperation: true, ...(only ? { only } : {}) });
const fails = (s: number, operations: number, only?: readonly number[]) => failureOf(options(s, operations, only));

const started = Date.now();
let done = 0;
while (done < total) {
  const operations = Math.min(perRun, total - done);
  try {
    const result = await simulate(options(seed, operations));
    hashes.push(`${seed}:${result.trace}`);
  } catch (e) {
    console.error(`seed ${seed} FAILED after ${done} operations in earlier runs:\n${(e as Error).message}`);
    const failing = seed;
    const prefix = await shortestPrefix(operations, async (n) => !!(await fails(failing, n)));
    const all = Array.from({ length: prefix }, (_, op) => op);
    const only = await ddmin(all, async (ops) => !!(await fails(failing, prefix, ops)), Date.now() + Number(values["shrink-minutes"]) * 60_000);
    const failure = (await fails(seed, prefix, only))!;
    const found: RegressionCase = { seed, operations: prefix, devices, skipListen: faults.skipListen, restarts, perOperation: true, only, failure: failure.split("\n")[0]! };
    const cases = JSON.parse(readFileSync(REGRESSIONS_FILE, "utf8")) as RegressionCase[];
    writeFileSync(REGRESSIONS_FILE, `${JSON.stringify([...cases, found], null, 2)}\n`);
    console.error(`\nshrunk: seed ${seed} fails with ${only.length} of its first ${prefix} operations (${only.join(" ")}); saved to ${REGRESSIONS_FILE}:\n${failure}`);
    process.exit(1);
  }
  done += operations;
  seed = (seed + 1) % 2 ** 31;
}
const minutes = (Date.now() - started) / 60_000;
console.log(`sim passed: ${done} operations in ${hashes.length} runs, ${Math.round(done / minutes)} operations per minute`);
console.log(`trace hash: ${createHash("sha256").update(hashes.join("\n")).digest("hex").slice(0, 16)} (first seed ${hashes[0]?.split(":")[0]}; per run: ${hashes.slice(0, 3).join(" ")}${hashes.length > 3 ? " …" : ""})`);
