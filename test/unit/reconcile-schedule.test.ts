// How often the lifecycle reconciler runs its pass over every child: soon after a change,
// once for changes arriving together, and never more than a tenth of the time, so a stream
// of changes into a large account does not cost a pass per change.
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { ENTITY_KINDS } from "../../schema/index.js";
import { startLifecycleReconciler } from "../../client/src/sync/reconcile.js";
import type { Stores } from "../../client/src/sync/cascade.js";
import { systemClock } from "../../client/src/util/clock.js";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** Stores with no entities whose passes "take" `passMs` by the injected clock; counts passes. */
function setup(passMs: number) {
  const listeners = new Set<() => void>();
  let passes = 0;
  const stores = Object.fromEntries(
    ENTITY_KINDS.map((kind) => [kind, { onChange: (l: () => void) => (listeners.add(l), () => listeners.delete(l)), list: () => (kind === "folders" && passes++, []) }]),
  ) as unknown as Stores;
  let clock = 0;
  const now = () => (clock += passMs); // read at a pass's start and at its end: passMs apart
  const stop = startLifecycleReconciler(stores, { ...systemClock, cpu: now });
  const change = () => [...listeners][0]!();
  return { change, passes: () => passes, stop };
}

it("changes arriving together make one pass, 50 ms after the first", () => {
  const r = setup(0);
  r.change();
  r.change();
  vi.advanceTimersByTime(49);
  expect(r.passes()).toBe(0);
  vi.advanceTimersByTime(1);
  expect(r.passes()).toBe(1);
  r.stop();
});

it("after a pass that took 100 ms, the next waits nine times that: passes take at most a tenth of the time", () => {
  const r = setup(100);
  r.change();
  vi.advanceTimersByTime(50);
  expect(r.passes()).toBe(1);
  for (let i = 0; i < 100; i++) {
    r.change(); // a change every 10 ms
    vi.advanceTimersByTime(10);
  }
  // 1,000 ms of changes: one more pass, 900 ms (PASS_SPACING × 100) after the stream began, not 100
  expect(r.passes()).toBe(2);
  r.stop();
});

it("stopping cancels a pending pass", () => {
  const r = setup(0);
  r.change();
  r.stop();
  vi.advanceTimersByTime(1_000);
  expect(r.passes()).toBe(0);
});
