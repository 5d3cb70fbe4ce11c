// The simulator's shrink (test/sim/shrink.ts), on failures whose cause is known.
import { expect, it } from "vitest";
import { ddmin, shortestPrefix } from "../sim/shrink.js";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

it("the shortest failing prefix: the first length at which the failure shows", async () => {
  let runs = 0;
  expect(await shortestPrefix(1000, async (n) => (runs++, n >= 377))).toBe(377);
  expect(runs).toBeLessThanOrEqual(10);
});

it("ddmin keeps only the operations the failure needs, whatever their distance", async () => {
  // fails when operations 3, 17 and 640 are all played (e.g. create, edit, a restart)
  const needed = [3, 17, 640];
  expect(await ddmin(range(700), async (ops) => needed.every((op) => ops.includes(op)))).toEqual(needed);
});

it("ddmin on a failure that needs an order of two (the subset keeps the original order)", async () => {
  const fails = async (ops: readonly number[]) => ops.indexOf(10) >= 0 && ops.indexOf(10) < ops.indexOf(90);
  expect(await ddmin(range(100), fails)).toEqual([10, 90]);
});

it("ddmin stops at its deadline with the smallest failing list found so far", async () => {
  const result = await ddmin(range(500), async (ops) => ops.includes(250), Date.now() - 1);
  expect(result).toHaveLength(500);
  expect(result).toContain(250);
});
