// The simulator's scheduler: one seed fixes every choice. It owns the clock and the
// timers (the client's Clock), picks which of the enabled actions happens next, and
// hashes the trace of what happened, so the same seed is seen to give the same run.
import { createHash } from "node:crypto";
import type { Clock } from "../../client/src/util/clock.js";
import { prng } from "../convergence/scenario.js";
import type { Action } from "./memory-firestore.js";

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
}

/** Lets every promise continuation the last action set off run (nothing here waits on real I/O or timers). */
const drain = () => new Promise<void>((resolve) => setImmediate(resolve));

export class Scheduler implements Clock {
  random: () => number;
  private time = 1_000_000;
  private seq = 0;
  private timers: Timer[] = [];
  private readonly hash = createHash("sha256");
  steps = 0;
  /** sees every line of the trace (to print a run) */
  onTrace: ((line: string) => void) | undefined;

  constructor(seed: number) {
    this.random = prng(seed ^ 0x5eed);
  }

  /** Starts a new stream of choices (a run with a stream per operation: see ScenarioOptions.perOperation). */
  reseed(seed: number): void {
    this.random = prng(seed ^ 0x5eed);
  }

  now(): number {
    return this.time;
  }

  cpu(): number {
    return this.time;
  }

  after(ms: number, fn: () => void): () => void {
    const timer = { at: this.time + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /** Records a line of the trace (what happened, in order). */
  trace(line: string): void {
    this.hash.update(line).update("\n");
    this.onTrace?.(line);
  }

  traceHash(): string {
    return this.hash.copy().digest("hex").slice(0, 16);
  }

  hasTimers(): boolean {
    return this.timers.length > 0;
  }

  /**
   * One step: time moves on a little, then one of the enabled actions or a due timer runs
   * (chosen at random), and everything it set off settles. With nothing enabled, time
   * jumps to the next timer. False when nothing at all can happen.
   */
  async step(actions: Action[]): Promise<boolean> {
    this.time += Math.floor(this.random() * 20);
    const due = this.timers.filter((t) => t.at <= this.time).sort((a, b) => a.at - b.at || a.seq - b.seq);
    const choices: Action[] = [...actions, ...due.slice(0, 1).map((t) => ({ label: `timer ${t.seq}`, run: () => this.fire(t) }))];
    if (choices.length === 0) {
      const next = [...this.timers].sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next) return false;
      this.time = next.at;
      choices.push({ label: `timer ${next.seq}`, run: () => this.fire(next) });
    }
    const action = choices[Math.floor(this.random() * choices.length)]!;
    this.steps++;
    this.trace(`${this.time} ${action.label}`);
    action.run();
    await drain();
    return true;
  }

  private fire(timer: Timer): void {
    this.timers = this.timers.filter((t) => t !== timer);
    timer.fn();
  }
}
