// npm run sim -- [--ops N] [--seed S] [--devices D] [--skip-listen P] [--restarts P] [--per-run N]
// Runs the convergence scenario on the deterministic simulator, in runs of 1,000
// operations on seeds S, S+1, …, until N operations have run. Prints operations per
// minute and the hash of the runs' traces (the same seed gives the same hash). A failing
// seed is shrunk to the fewest operations that still fail and saved as a regression case
// in test/sim/regressions.json, which test/unit/sim-regressions.test.ts replays.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { REGRESSIONS_FILE, type RegressionCase } from "../test/sim/regressions.js";
import { simulate } from "../test/sim/run.js";

const { values } = parseArgs({
  options: {
    ops: { type: "string", default: "100000" },
    seed: { type: "string" },
    devices: { type: "string", default: "3" },
    "skip-listen": { type: "string", default: "0.01" },
    restarts: { type: "string", default: "0.01" },
    "per-run": { type: "string", default: "1000" },
  },
});
const total = Number(values.ops);
const perRun = Number(values["per-run"]);
const devices = Number(values.devices);
const faults = { skipListen: Number(values["skip-listen"]) };
const restarts = Number(values.restarts);
let seed = Number(values.seed ?? Math.floor(Math.random() * 2 ** 31));
const hashes: string[] = [];

const fails = async (s: number, operations: number): Promise<string | undefined> =>
  simulate({ seed: s, operations, devices, restarts, faults }).then(
    () => undefined,
    (e: Error) => e.message,
  );

/** The fewest operations (a prefix of the seed's run) that still fail. */
async function shrink(s: number, operations: number): Promise<number> {
  let [low, high] = [1, operations];
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (await fails(s, mid)) high = mid;
    else low = mid + 1;
  }
  return high;
}

const started = Date.now();
let done = 0;
while (done < total) {
  const operations = Math.min(perRun, total - done);
  try {
    const result = await simulate({ seed, operations, devices, restarts, faults });
    hashes.push(`${seed}:${result.trace}`);
  } catch (e) {
    console.error(`seed ${seed} FAILED after ${done} operations in earlier runs:\n${(e as Error).message}`);
    const minimal = await shrink(seed, operations);
    const failure = (await fails(seed, minimal))!;
    const found: RegressionCase = { seed, operations: minimal, devices, skipListen: faults.skipListen, restarts, failure: failure.split("\n")[0]! };
    const cases = JSON.parse(readFileSync(REGRESSIONS_FILE, "utf8")) as RegressionCase[];
    writeFileSync(REGRESSIONS_FILE, `${JSON.stringify([...cases, found], null, 2)}\n`);
    console.error(`\nshrunk: seed ${seed} fails with ${minimal} operations; saved to ${REGRESSIONS_FILE}:\n${failure}`);
    process.exit(1);
  }
  done += operations;
  seed = (seed + 1) % 2 ** 31;
}
const minutes = (Date.now() - started) / 60_000;
console.log(`sim passed: ${done} operations in ${hashes.length} runs, ${Math.round(done / minutes)} operations per minute`);
console.log(`trace hash: ${createHash("sha256").update(hashes.join("\n")).digest("hex").slice(0, 16)} (first seed ${hashes[0]?.split(":")[0]}; per run: ${hashes.slice(0, 3).join(" ")}${hashes.length > 3 ? " …" : ""})`);
