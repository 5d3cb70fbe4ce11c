// The convergence scenario and checker on the deterministic simulator (test/sim): the
// client's own stores over an in-memory Firestore, every interleaving chosen by a seed.
// No emulator: tens of thousands of operations in seconds.
import { expect, it } from "vitest";
import { simulate } from "../sim/run.js";

const RUNS = 50;
const OPERATIONS = 1_000;
const FIRST_SEED = Number(process.env.SYNCGATE_SEED ?? 1);

// as `npm run sim` runs them: each operation with streams of its own (see ScenarioOptions.perOperation)
const perOperation = true;

it("the same seed gives the same run, to the trace (one stream, as cases found before ran, or a stream per operation)", async () => {
  for (const mode of [{ perOperation: false }, { perOperation }]) {
    const [a, b, other] = await Promise.all([42, 42, 43].map((seed) => simulate({ seed, operations: 300, ...mode })));
    expect(a!.trace).toBe(b!.trace);
    expect(a!.steps).toBe(b!.steps);
    expect(a!.report).toEqual(b!.report);
    expect(other!.trace).not.toBe(a!.trace);
  }
});

it("playing a list of operations replays them as in the whole run, so a shrunk list means what it says", async () => {
  const all = Array.from({ length: 300 }, (_, op) => op);
  const [whole, listed, fewer] = await Promise.all([
    simulate({ seed: 42, operations: 300, perOperation }),
    simulate({ seed: 42, operations: 300, perOperation, only: all }),
    simulate({ seed: 42, operations: 300, perOperation, only: all.filter((op) => op !== 150) }),
  ]);
  expect(listed.trace).toBe(whole.trace);
  expect(fewer.trace).not.toBe(whole.trace);
});

it(`${RUNS * OPERATIONS} operations on 3 devices, with cuts, lost replies and listeners that skip changes, converge without loss (seeds ${FIRST_SEED}…${FIRST_SEED + RUNS - 1})`, async () => {
  let conflicts = 0;
  let repairs = 0;
  for (let seed = FIRST_SEED; seed < FIRST_SEED + RUNS; seed++) {
    // a failure names its seed; `npm run sim -- --seed <seed> --ops 1000` replays and shrinks it
    const { report } = await simulate({ seed, operations: OPERATIONS, faults: { skipListen: 0.01 }, perOperation });
    expect(report.children).toBeGreaterThan(20);
    conflicts += report.conflictCopies;
    repairs += report.auditRepairs;
  }
  // the runs did meet what they are meant to: clashing edits and changes the listeners missed
  expect(conflicts).toBeGreaterThan(RUNS);
  expect(repairs).toBeGreaterThan(RUNS / 2);
}, 240_000);
