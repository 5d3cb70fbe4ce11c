// Time and timers of a session, injected so the simulator owns them (see test/sim).
import { unrefTimer } from "./timers.js";

export interface Clock {
  /** wall time, ms */
  now(): number;
  /** a monotonic measure of work done, ms (what a pass over the stores cost) */
  cpu(): number;
  /** Calls `fn` after `ms`; returns the cancel. Must not keep a process alive. */
  after(ms: number, fn: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  cpu: () => performance.now(),
  after(ms, fn) {
    const timer = unrefTimer(setTimeout(fn, ms));
    return () => clearTimeout(timer);
  },
};

export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.after(ms, resolve));
}
