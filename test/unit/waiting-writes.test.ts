// Writes that wait for the rules (store/waiting-writes.ts): shown on top of the server's
// version in order, joined by later edits, taken all at once to try again, and tried
// again after delays that double up to an hour, never in a tight loop.
import { expect, it } from "vitest";
import { WaitingWrites } from "../../client/src/store/waiting-writes.js";
import { REMOVED } from "../../client/src/sync/patch.js";
import type { RefusedWrite } from "../../client/src/sync/write-state.js";
import type { Clock } from "../../client/src/util/clock.js";

const write = (patch: Record<string, unknown>): RefusedWrite => ({ op: "update", base: { rev: 1, updatedBy: "s" }, patch, attempt: 4 });

it("overlays a document's waiting edits in order, a later edit joins them, and all are taken at once", () => {
  const waiting = new WaitingWrites();
  expect(waiting.join("r1", write({ name: "x" }))).toBe(false);
  waiting.set("r1", [write({ name: "Login", timeoutMs: 5 }), write({ name: REMOVED, title: "Login" })]);
  expect(waiting.join("r1", write({ method: "PUT" }))).toBe(true);
  expect(waiting.overlay("r1", { name: "old", method: "GET" })).toEqual({ title: "Login", timeoutMs: 5, method: "PUT" });
  expect(waiting.overlay("r2", { name: "untouched" })).toEqual({ name: "untouched" });
  expect(waiting.ids()).toEqual(["r1"]);
  const all = waiting.takeAll();
  expect(all.map(([id, writes]) => [id, writes.length])).toEqual([["r1", 3]]);
  expect(waiting.size).toBe(0);
});

it("tries again after a minute, then after doubling delays capped at an hour; one try scheduled at a time; clear starts over", () => {
  const scheduled: number[] = [];
  let fire: (() => void) | undefined;
  const clock: Clock = { now: () => 0, cpu: () => 0, after: (ms, fn) => (scheduled.push(ms), (fire = fn), () => (fire = undefined)) };
  const waiting = new WaitingWrites();
  let tries = 0;
  for (let i = 0; i < 9; i++) {
    waiting.schedule(clock, () => tries++);
    waiting.schedule(clock, () => tries++);
    fire!();
  }
  expect(tries).toBe(9);
  expect(scheduled).toEqual([60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000, 3_600_000]);
  waiting.schedule(clock, () => tries++);
  waiting.clear();
  expect(fire).toBeUndefined();
  waiting.schedule(clock, () => tries++);
  expect(scheduled.at(-1)).toBe(60_000);
});
