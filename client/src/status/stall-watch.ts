// A write can stay unacknowledged on a connection that otherwise looks alive: its reply
// is lost (seen with the emulator under load; a half-broken proxy or NAT does the same).
// Firestore then waits on that stream indefinitely and the status sticks at SYNCING. Or
// a stream error after contact (the Node transport's mis-framed "message larger than
// max" with the emulator, which strikes a fresh emulator's first client) puts Firestore
// in its longest backoff, a minute at CONNECTING. When no write has been acknowledged for
// `stallMs` while some wait, or the device has been cut off that long, reconnect:
// Firestore re-sends what is unacknowledged, and a write that had landed is refused (its
// revision is taken) and settles through the usual merge, which finds it already there.
// Off the network for real, the reconnects cost nothing and come ever more rarely.
import { unrefTimer } from "../util/timers.js";
import type { StatusTracker } from "./status.js";

/** the longest wait between reconnects while nothing is acknowledged */
const MAX_WINDOW_MS = 5 * 60 * 1000;

export interface StallWatchOptions {
  stallMs: number;
  reconnect: () => Promise<void>;
  /** called at each reconnect (counted in the metrics) */
  onReconnect?: () => void;
}

/** Checks for stalled writes until the returned stop is called. */
export function watchForStalls(tracker: StatusTracker, options: StallWatchOptions): () => void {
  const state: StallState = { reconnectedAt: 0, windowMs: options.stallMs };
  const timer = unrefTimer(setInterval(() => checkForStall(tracker, state, options), Math.max(250, options.stallMs / 4)));
  return () => clearInterval(timer);
}

export interface StallState {
  /** when the last reconnect was made (0: none yet) */
  reconnectedAt: number;
  /** how long writes may wait unacknowledged before the next reconnect */
  windowMs: number;
}

/** One check; reconnects when writes have waited a full window without an acknowledgement. */
export function checkForStall(tracker: StatusTracker, state: StallState, options: StallWatchOptions): void {
  const since = tracker.stalledSince();
  const now = tracker.now();
  // nothing waiting, or an acknowledgement since the last reconnect: start over
  if (since === undefined || since > state.reconnectedAt) state.windowMs = options.stallMs;
  if (since === undefined || now - Math.max(since, state.reconnectedAt) < state.windowMs) return;
  state.reconnectedAt = now;
  // each reconnect that brings nothing doubles the next wait: the server may just be slow
  state.windowMs = Math.min(state.windowMs * 2, MAX_WINDOW_MS);
  options.onReconnect?.();
  void options.reconnect().catch(() => undefined);
}
