// Writes the server's rules refused for their shape, not their base (an app newer than the
// deployed rules; see ATTEMPTS_BEFORE_WAITING in sync/recovery.ts), per document and in
// order, kept until the rules or the app change. The view shows them on top of the
// server's version; the outbox keeps them for the next start, which tries them again;
// while the app runs they are tried again after a delay that doubles up to an hour, and
// on demand. A later edit of the same item joins them: sent alone, it could land first.
import type { RefusedWrite } from "../sync/write-state.js";
import { applyPatch } from "../sync/patch.js";
import type { Clock } from "../util/clock.js";

export const WAITING_REASON = "the server's rules refused this change (the app may be newer than the deployed rules): it is kept and tried again";
const RETRY_MS = { first: 60_000, max: 3_600_000 };

export class WaitingWrites {
  private readonly byId = new Map<string, RefusedWrite[]>();
  private cancelRetry: (() => void) | undefined;
  private delayMs = RETRY_MS.first;

  get size(): number {
    return this.byId.size;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }

  set(id: string, writes: RefusedWrite[]): void {
    this.byId.set(id, writes);
  }

  /** Adds an edit of a waiting document to its writes; false when the document has none waiting. */
  join(id: string, write: RefusedWrite): boolean {
    const writes = this.byId.get(id);
    writes?.push(write);
    return writes !== undefined;
  }

  /** A document's fields with its waiting edits on top. */
  overlay(id: string, fields: Record<string, unknown>): Record<string, unknown> {
    const writes = this.byId.get(id);
    return writes ? writes.reduce((f, w) => applyPatch(f, w.patch), fields) : fields;
  }

  /** All of them, to try again (they wait again if refused again). */
  takeAll(): [string, RefusedWrite[]][] {
    const all = [...this.byId];
    this.byId.clear();
    return all;
  }

  /** Calls `retry` after the current delay, unless a call is scheduled; each delay doubles the one before. */
  schedule(clock: Clock, retry: () => void): void {
    if (this.cancelRetry) return;
    this.cancelRetry = clock.after(this.delayMs, () => {
      this.cancelRetry = undefined;
      this.delayMs = Math.min(this.delayMs * 2, RETRY_MS.max);
      retry();
    });
  }

  clear(): void {
    this.cancelRetry?.();
    this.cancelRetry = undefined;
    this.delayMs = RETRY_MS.first;
    this.byId.clear();
  }
}
