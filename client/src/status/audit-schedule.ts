// When the audits (store/audit.ts) run. A listener was seen to miss a change when it
// resumed after a cut, which Firestore does not report; what the client sees is its
// status coming back to IN_SYNC from OFFLINE or CONNECTING. So a pass is owed after each
// start and reconnect, and runs `afterSyncMs` after the status settles at IN_SYNC, no
// closer than `minGapMs` to the last. This device's own edits (SYNCING and back) owe
// none: their acknowledgements prove the connection. Each pass costs an aggregation query
// per kind, so a periodic pass (every `intervalMs`) is off by default. A pass audits the
// kinds one after another and, while some kind is not confirmed, comes back after
// `confirmMs`, a few times. After a repair the connection is reopened: a listener that
// missed a change may be on a stream that stopped delivering.
import type { AuditResult } from "../store/audit.js";
import { systemClock, type Clock } from "../util/clock.js";
import type { StatusTracker } from "./status.js";

export interface AuditScheduleOptions {
  afterSyncMs: number;
  minGapMs: number;
  /** a pass this often though nothing reconnected; 0 for none */
  intervalMs: number;
  confirmMs: number;
}

export const DEFAULT_AUDIT_SCHEDULE: AuditScheduleOptions = {
  afterSyncMs: 5_000,
  minGapMs: 30_000,
  intervalMs: 0,
  confirmMs: 10_000,
};

/** passes that come back for kinds not yet confirmed, after one that left some open */
const MAX_FOLLOW_UPS = 6;

type Audit = () => Promise<AuditResult>;

/** Runs audit passes until the returned stop is called. */
export function scheduleAudits(tracker: StatusTracker, audits: Audit[], options: AuditScheduleOptions, reconnect: () => void, clock: Clock = systemClock): () => void {
  /** cancels the pass planned, if one is */
  let timer: (() => void) | undefined;
  let running = false;
  let stopped = false;
  let lastPassAt = -Infinity;
  let followUps = 0;
  /** a start or reconnect (or the interval) asked for a pass that has not run yet */
  let owed = true;

  const plan = (ms: number) => {
    timer?.();
    timer = clock.after(ms, () => void pass());
  };
  const planOwed = () => plan(Math.max(options.afterSyncMs, lastPassAt + options.minGapMs - tracker.now()));
  const pass = async () => {
    timer = undefined;
    // not in sync: the next return to IN_SYNC plans the pass still owed
    if (running || stopped || tracker.snapshot.status !== "IN_SYNC") return;
    running = true;
    owed = false;
    const results: AuditResult[] = [];
    for (const audit of audits) results.push(await audit().catch((): AuditResult => "inconclusive"));
    running = false;
    if (!stopped && results.includes("repaired")) reconnect();
    lastPassAt = tracker.now();
    if (stopped || timer) return;
    const open = results.some((r) => r === "behind" || r === "inconclusive");
    if (open && followUps++ < MAX_FOLLOW_UPS) plan(options.confirmMs);
    else followUps = 0;
  };

  const unsubscribe = tracker.subscribe(({ status }) => {
    if (status === "OFFLINE" || status === "CONNECTING") {
      owed = true;
      followUps = 0;
    } else if (status === "IN_SYNC" && owed && !timer) planOwed();
  });
  let interval: (() => void) | undefined;
  const tick = () => {
    owed = true;
    if (!timer && tracker.snapshot.status === "IN_SYNC") plan(0);
    interval = clock.after(options.intervalMs, tick);
  };
  if (options.intervalMs > 0) interval = clock.after(options.intervalMs, tick);
  return () => {
    stopped = true;
    unsubscribe();
    timer?.();
    interval?.();
  };
}
