// When the audits (store/audit.ts) run. A missed change is most likely right after a
// reconnect, which Firestore does not report; what the client sees is its status coming
// back to IN_SYNC. So: a pass `afterSyncMs` after the status settles at IN_SYNC (a burst
// of edits postpones it), no closer than `minGapMs` to the last, and one every
// `intervalMs` for reconnects nothing showed. A pass audits the kinds one after another
// (an aggregation query each, not a burst on the connection) and, while some kind is not
// confirmed, comes back after `confirmMs`, a few times. After a repair the connection is
// reopened: a listener that missed a change may be on a stream that stopped delivering
// (Firestore resumes each listener where it left off).
import type { AuditResult } from "../store/audit.js";
import { unrefTimer } from "../util/timers.js";
import type { StatusTracker } from "./status.js";

export interface AuditScheduleOptions {
  afterSyncMs: number;
  minGapMs: number;
  intervalMs: number;
  confirmMs: number;
}

export const DEFAULT_AUDIT_SCHEDULE: AuditScheduleOptions = {
  afterSyncMs: 5_000,
  minGapMs: 30_000,
  intervalMs: 5 * 60_000,
  confirmMs: 10_000,
};

/** passes that come back for kinds not yet confirmed, after one that left some open */
const MAX_FOLLOW_UPS = 6;

type Audit = () => Promise<AuditResult>;

/** Runs audit passes until the returned stop is called. */
export function scheduleAudits(tracker: StatusTracker, audits: Audit[], options: AuditScheduleOptions, reconnect: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let stopped = false;
  let lastPassAt = -Infinity;
  let followUps = 0;
  let previous = tracker.snapshot.status;

  const plan = (ms: number) => {
    clearTimeout(timer);
    timer = unrefTimer(setTimeout(() => void pass(), ms));
  };
  const pass = async () => {
    timer = undefined;
    // not in sync: the next return to IN_SYNC plans a pass
    if (running || stopped || tracker.snapshot.status !== "IN_SYNC") return;
    running = true;
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
    if (status === "IN_SYNC" && previous !== "IN_SYNC") {
      followUps = 0;
      plan(Math.max(options.afterSyncMs, lastPassAt + options.minGapMs - tracker.now()));
    }
    previous = status;
  });
  const interval = unrefTimer(
    setInterval(() => {
      if (!timer) plan(0);
    }, options.intervalMs),
  );
  return () => {
    stopped = true;
    unsubscribe();
    clearTimeout(timer);
    clearInterval(interval);
  };
}
