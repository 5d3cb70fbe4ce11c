// When audits run (the audit itself runs against the emulator in audit.test.ts; this pins
// down the timing policy on the real StatusTracker, with Vitest's clock): after a start or
// reconnect, never for the device's own edits, periodically only if asked to.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_AUDIT_SCHEDULE, scheduleAudits } from "../../client/src/status/audit-schedule.js";
import { StatusTracker } from "../../client/src/status/status.js";
import type { AuditResult } from "../../client/src/store/audit.js";

const options = { afterSyncMs: 5_000, minGapMs: 30_000, intervalMs: 0, confirmMs: 10_000 };

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A tracker going IN_SYNC, with two audits that answer `answer` and are counted in `passes`. */
function setup(answer: () => AuditResult = () => "match", schedule = options) {
  const tracker = new StatusTracker(() => Date.now());
  tracker.start(["requests"]);
  const passes: number[] = [];
  const audit = async () => {
    passes.push(Date.now());
    return answer();
  };
  let reconnects = 0;
  const stop = scheduleAudits(tracker, [audit, audit], schedule, () => reconnects++);
  const inSync = () => tracker.report("requests", { fromCache: false, hasPendingWrites: false });
  const offline = () => tracker.report("requests", { fromCache: true, hasPendingWrites: false });
  /** a write acknowledged after `ms`: the status goes SYNCING and back to IN_SYNC */
  const edit = async (ms = 0) => {
    tracker.track(new Promise((r) => setTimeout(r, ms)));
    await vi.advanceTimersByTimeAsync(0);
  };
  /** how many passes ran (each audits both kinds) */
  const ran = () => passes.length / 2;
  return { tracker, stop, inSync, offline, edit, ran, passes, reconnects: () => reconnects };
}

describe("scheduling audits", () => {
  it("a pass runs afterSyncMs after the start settles at IN_SYNC; the device's own edits owe none", async () => {
    const { inSync, edit, ran } = setup();
    inSync();
    await vi.advanceTimersByTimeAsync(4_999);
    expect(ran()).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(ran()).toBe(1);
    for (let i = 0; i < 20; i++) {
      await edit(100);
      await vi.advanceTimersByTimeAsync(30_000);
    }
    expect(ran()).toBe(1);
  });

  it("a return from OFFLINE owes a pass, no closer than minGapMs to the last; none runs while offline", async () => {
    const { inSync, offline, ran, passes } = setup();
    inSync();
    await vi.advanceTimersByTimeAsync(5_000);
    offline();
    inSync();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ran()).toBe(1);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(ran()).toBe(2);
    expect(passes[2]! - passes[0]!).toBe(30_000);
    offline();
    await vi.advanceTimersByTimeAsync(24 * 3_600_000);
    expect(ran()).toBe(2);
    inSync();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(ran()).toBe(3);
  });

  it("an edit in flight when the owed pass is due postpones it to the next IN_SYNC", async () => {
    const { inSync, edit, ran } = setup();
    inSync();
    await vi.advanceTimersByTimeAsync(4_000);
    await edit(2_000); // SYNCING from 4 s to 6 s
    await vi.advanceTimersByTimeAsync(2_000);
    expect(ran()).toBe(0);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(ran()).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(ran()).toBe(1);
  });

  it("no periodic pass by default; with intervalMs, one that often though the status never changed", async () => {
    const idle = setup(undefined, DEFAULT_AUDIT_SCHEDULE);
    idle.inSync();
    await vi.advanceTimersByTimeAsync(24 * 3_600_000);
    expect(idle.ran()).toBe(1);
    idle.stop();

    const periodic = setup(undefined, { ...options, intervalMs: 300_000 });
    periodic.inSync();
    await vi.advanceTimersByTimeAsync(5_000);
    await vi.advanceTimersByTimeAsync(3 * 300_000);
    expect(periodic.ran()).toBe(4);
  });

  it("while a view is behind, passes come back every confirmMs, six times at most; a match ends them", async () => {
    let answer: AuditResult = "behind";
    const { inSync, offline, ran } = setup(() => answer);
    inSync();
    await vi.advanceTimersByTimeAsync(5_000 + 2 * 10_000);
    expect(ran()).toBe(3);
    answer = "match";
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ran()).toBe(4);
    await vi.advanceTimersByTimeAsync(100_000);
    expect(ran()).toBe(4);
    answer = "inconclusive";
    // a reconnect's pass, then its six follow-ups
    offline();
    inSync();
    await vi.advanceTimersByTimeAsync(5_000 + 6 * 10_000 + 1_000);
    expect(ran()).toBe(5 + 6);
    await vi.advanceTimersByTimeAsync(100_000);
    expect(ran()).toBe(11);
  });

  it("a pass that repaired a view reopens the connection, once", async () => {
    let answer: AuditResult = "match";
    const { inSync, offline, ran, reconnects } = setup(() => answer);
    inSync();
    await vi.advanceTimersByTimeAsync(5_000);
    expect([ran(), reconnects()]).toEqual([1, 0]);
    answer = "repaired";
    offline();
    inSync();
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
