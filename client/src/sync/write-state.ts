// Each document's write state on this device, and what a version the server delivers
// does to the view. A document's writes are in flight until acknowledged or refused;
// refused ones are gathered until all of its writes have settled, then merged once (the
// document is "recovering" meanwhile). Another device's version that arrives while ours
// are unsettled is held back ("deferred") and shown once they settle, if still newer.
// A write made while the document is being merged is held (not sent) for the next
// round; writes an earlier run of the app left in Firestore's queue count as in flight
// ("inherited") until the listener delivers the document without them, and that run's
// unsettled writes ("adopted" from store/outbox.ts) are merged only then.
// Pure: the store feeds it and does the I/O.

export type Op = "create" | "update" | "lifecycle";

/** A document's version as stored: sync metadata beside the entity's fields. */
export type Version = Record<string, unknown>;

export interface RefusedWrite {
  op: Op;
  /** the version the write was made on (empty for a create) */
  base: Version;
  patch: Record<string, unknown>;
  attempt: number;
  /** where the device's storage lists it until it settles (store/outbox.ts) */
  key?: string;
}

/** What follows when one write of a document settles. */
export type AfterSettle =
  /** other writes of the document are still in flight */
  | { next: "wait" }
  /** all settled, none refused: show the held-back version, if any */
  | { next: "show-deferred" }
  /** all settled, some refused: merge them into the server's version, then show the held-back one */
  | { next: "recover"; refused: RefusedWrite[] };

/** What a server version does to the view. */
export type Arrival = "show" | "skip" | "hold";

const rev = (v: Version | undefined): number => (v?.["rev"] as number | undefined) ?? 0;

export class WriteState {
  private readonly inflight = new Map<string, number>();
  private readonly refused = new Map<string, RefusedWrite[]>();
  private readonly recovering = new Set<string>();
  private readonly deferred = new Map<string, Version>();
  /** documents with writes an earlier run of the app left in Firestore's queue (no promise answers for them) */
  private readonly inherited = new Set<string>();
  /** writes made while the document's merge ran, and how to settle each once it ends */
  private readonly held = new Map<string, (() => void)[]>();
  /** an earlier run's unsettled writes of documents whose queue Firestore has not sent yet: how many */
  private readonly awaitingQueue = new Map<string, number>();
  /** adopted writes the queue's drain released, for the store to settle */
  private readonly drained = new Map<string, number>();

  /** A write of the document was handed to the server. */
  issued(id: string): void {
    this.inflight.set(id, (this.inflight.get(id) ?? 0) + 1);
  }

  /** The server refused a write of the document (for a stale base): kept for the merge. */
  refusedWrite(id: string, write: RefusedWrite): void {
    this.refused.set(id, [...(this.refused.get(id) ?? []), write]);
  }

  /** One write of the document settled (acknowledged, or refused and recorded). */
  settled(id: string): AfterSettle {
    const left = (this.inflight.get(id) ?? 1) - 1;
    if (left > 0) {
      this.inflight.set(id, left);
      return { next: "wait" };
    }
    this.inflight.delete(id);
    const refused = this.refused.get(id);
    this.refused.delete(id);
    if (!refused) return { next: "show-deferred" };
    this.recovering.add(id);
    return { next: "recover", refused };
  }

  /**
   * A write made while the document's refused writes are being merged. It builds on the
   * refused line, so it would be refused too, but only by luck: the merge's own retry
   * gives the server a version with the same revision and writer (this device) that its
   * base names, and a queued write sent after a lost reply then lands unmerged over
   * another device's edit (the simulator found it: test/unit/sim-regressions.test.ts).
   * So it is not sent: it counts as in flight and refused, and settles when the merge
   * ends (`release` is called then), to be merged in the next round.
   */
  hold(id: string, write: RefusedWrite, release: () => void): void {
    this.issued(id);
    this.refusedWrite(id, write);
    this.held.set(id, [...(this.held.get(id) ?? []), release]);
  }

  /**
   * A write an earlier run of the app left unsettled (store/outbox.ts), to be merged as
   * refused. True: it settles now. False: Firestore still holds that run's queue for the
   * document, and a merge now would read the server before the queue reaches it (the
   * simulator found a create taken for refused, re-sent beside the queued one, and the
   * two lines of edits landing over each other): it settles when the queue has drained
   * (takeDrained).
   */
  adopt(id: string, write: RefusedWrite): boolean {
    this.issued(id);
    this.refusedWrite(id, write);
    if (!this.inherited.has(id)) return true;
    this.awaitingQueue.set(id, (this.awaitingQueue.get(id) ?? 0) + 1);
    return false;
  }

  /** The document left a delta listener's query: an earlier run's writes are no longer queued. Whether it had any. */
  queueDrained(id: string): boolean {
    return this.endInherited(id);
  }

  /** How many adopted writes of the document the drain of its queue released (each settles now). */
  takeDrained(id: string): number {
    const count = this.drained.get(id) ?? 0;
    this.drained.delete(id);
    return count;
  }

  private endInherited(id: string): boolean {
    if (!this.inherited.delete(id)) return false;
    const adopted = this.awaitingQueue.get(id);
    if (!adopted) return true;
    this.awaitingQueue.delete(id);
    this.drained.set(id, adopted);
    this.release(id); // writes held meanwhile join the merge
    return true;
  }

  private release(id: string): void {
    const held = this.held.get(id);
    this.held.delete(id);
    held?.forEach((release) => release());
  }

  /**
   * Whether the document's refused writes are being merged, or adopted ones wait for
   * Firestore's queue to drain first (a new write is held then). A new write would build
   * on Firestore's local version, which shows queued writes that may yet be refused, and
   * could land unmerged on a version of the same revision and writer (the simulator found
   * it after a restart).
   */
  merging(id: string): boolean {
    return this.recovering.has(id) || this.awaitingQueue.has(id);
  }

  /** The merge of a document's refused writes is done (its retries, if any, are in flight): writes held meanwhile settle. */
  recovered(id: string): void {
    this.recovering.delete(id);
    this.release(id);
  }

  /** A write of the document awaits the server (its echo may still come). */
  inFlight(id: string): boolean {
    return this.inflight.has(id);
  }

  /** Our writes of the document are in flight or being merged: the view shows ours meanwhile. */
  writing(id: string): boolean {
    return this.inflight.has(id) || this.recovering.has(id) || this.inherited.has(id);
  }

  /**
   * A version of the document from the listener. While our writes of it are unsettled,
   * the user keeps seeing, and building on, what they wrote: Firestore's local versions
   * do not show (after a refusal they drop the refused write the user saw), and another
   * device's version is held back until ours settle. Revisions only grow on the server,
   * so a version older than the one shown is stale.
   */
  arrived(id: string, version: Version, { pending, sid, shown }: { pending: boolean; sid: string; shown: Version | undefined }): Arrival {
    // Firestore's local version while none of our writes is in flight: writes an earlier
    // run of the app queued, which Firestore sends again. No promise tells when they
    // settle, so they count as in flight until the document arrives without them; the
    // view shows what the user wrote meanwhile, then the server's version, whatever
    // revision the user's showed (it may never have been accepted: the next start's
    // merge of store/outbox.ts brings its edits back).
    if (pending && !this.writing(id)) {
      this.inherited.add(id);
      return "show";
    }
    if (!pending && this.endInherited(id)) {
      // adopted writes merge now, and the merge shows the server's version with them
      if (this.drained.has(id)) return "skip";
      if (!this.writing(id)) return "show";
    }
    if (this.writing(id)) {
      if (pending) return "skip";
      if (version["updatedBy"] !== sid) {
        const held = this.deferred.get(id);
        if (!held || rev(held) < rev(version)) this.deferred.set(id, version);
        return "hold";
      }
    }
    return shown && rev(shown) > rev(version) ? "skip" : "show";
  }

  /** The held-back version to show now that our writes settled, if any (whether still newer is the caller's check, in order). */
  takeDeferred(id: string): Version | undefined {
    const held = this.deferred.get(id);
    if (!held || this.writing(id)) return undefined;
    this.deferred.delete(id);
    return held;
  }

  /** Nothing of ours is unsettled and nothing held back: the view is the server's, as far as we know. */
  idle(): boolean {
    return this.inflight.size === 0 && this.recovering.size === 0 && this.deferred.size === 0 && this.inherited.size === 0;
  }

  clear(): void {
    const held = [...this.held.values()].flat();
    this.held.clear();
    this.inflight.clear();
    this.refused.clear();
    this.recovering.clear();
    this.deferred.clear();
    this.inherited.clear();
    this.awaitingQueue.clear();
    this.drained.clear();
    held.forEach((release) => release());
  }
}

/** Whether a server version is newer than the one shown (an audit or a held-back version shows only then). */
export function newerThanShown(version: Version, shown: Version | undefined): boolean {
  return !shown || rev(shown) < rev(version);
}

/** The sync metadata a write carries (the server adds its own time): the rules check each. */
export function stamp(op: Op, base: Version | undefined, sid: string): Version & { rev: number } {
  return op === "create" ? { rev: 1, deleted: false, updatedBy: sid } : { rev: rev(base) + 1, baseBy: base?.["updatedBy"], updatedBy: sid };
}
