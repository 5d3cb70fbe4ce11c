// When audits run (the audit itself runs against the emulator in audit.test.ts; this pins
// down the timing policy on the real StatusTracker, with Vitest's clock).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { scheduleAudits } from "../../client/src/status/audit-schedule.js";
import { StatusTracker } from "../../client/src/status/status.js";
import type { AuditResult } from "../../client/src/store/audit.js";

const options = { afterSyncMs: 5_000, minGapMs: 30_000, intervalMs: 300_000, confirmMs: 10_000 };

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A tracker that is IN_SYNC, with two audits that answer `answer` and are counted in `passes`. */
function setup(answer: () => AuditResult = () => "match") {
  const tracker = new StatusTracker(() => Date.now());
  tracker.start(["requests"]);
  const passes: number[] = [];
  const audit = async () => {
    passes.push(Date.now());
    return answer();
  };
  let reconnects = 0;
  const stop = scheduleAudits(tracker, [audit, audit], options, () => reconnects++);
  const inSync = () => tracker.report("requests", { fromCache: false, hasPendingWrites: false });
  const offline = () => tracker.report("requests", { fromCache: true, hasPendingWrites: false });
  /** a write acknowledged at once: the status goes SYNCING and back to IN_SYNC */
  const edit = async () => {
    tracker.track(Promise.resolve());
    await vi.advanceTimersByTimeAsync(0);
  };
  /** how many passes ran (each audits both kinds) */
  const ran = () => passes.length / 2;
  return { tracker, stop, inSync, offline, edit, ran, passes, reconnects: () => reconnects };
}

describe("scheduling audits", () => {
  it("a pass runs afterSyncMs after the status settles at IN_SYNC; a burst of edits postpones it", async () => {
    const { inSync, edit, ran } = setup();
    inSync();
    await vi.advanceTimersByTimeAsync(4_000);
    expect(ran()).toBe(0);
    await edit(); // back to IN_SYNC: the pass moves to 5 s from now
    await vi.advanceTimersByTimeAsync(4_000);
    expect(ran()).toBe(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(ran()).toBe(1);
  });

  it("passes after a return to IN_SYNC are at least minGapMs apart, and none runs while not in sync", async () => {
    const { inSync, offline, edit, ran, passes } = setup();
    inSync();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(ran()).toBe(1);
    await edit();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ran()).toBe(1);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(ran()).toBe(2);
    expect(passes[2]! - passes[0]!).toBe(30_000);
    offline();
    await vi.advanceTimersByTimeAsync(600_000); // two intervals, offline: nothing to compare
    expect(ran()).toBe(2);
    inSync();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(ran()).toBe(3);
  });

  it("every intervalMs a pass runs though the status never changed", async () => {
    const { inSync, ran } = setup();
    inSync();
    await vi.advanceTimersByTimeAsync(5_000);
    await vi.advanceTimersByTimeAsync(3 * 300_000);
    expect(ran()).toBe(4);
  });

  it("while a view is behind, passes come back every confirmMs, six times at most; a match ends them", async () => {
    let answer: AuditResult = "behind";
    const { inSync, ran } = setup(() => answer);
    inSync();
    await vi.advanceTimersByTimeAsync(5_000 + 2 * 10_000);
    expect(ran()).toBe(3);
    answer = "match";
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ran()).toBe(4);
    await vi.advanceTimersByTimeAsync(100_000);
    expect(ran()).toBe(4);
    answer = "inconclusive";
    // the interval's pass (at 300 s), then its six follow-ups
    await vi.advanceTimersByTimeAsync(300_000 + 6 * 10_000 + 1_000 - 135_000);
    expect(ran()).toBe(5 + 6);
    await vi.advanceTimersByTimeAsync(100_000);
    expect(ran()).toBe(11);
  });

  it("a pass that repaired a view reopens the connection, once", async () => {
    let answer: AuditResult = "match";
    const { inSync, ran, reconnects } = setup(() => answer);
    inSync();
    await vi.advanceTimersByTimeAsync(5_000);
    expect([ran(), reconnects()]).toEqual([1, 0]);
    answer = "repaired";
    await vi.advanceTimersByTimeAsync(300_000);
    expect([ran(), reconnects()]).toEqual([2, 1]);
  });

  it("stops with the session", async () => {
    const { inSync, stop, ran } = setup();
    stop();
    inSync();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(ran()).toBe(0);
  });
});
