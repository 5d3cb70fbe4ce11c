// Firestore's listeners are meant to miss nothing, but one was seen (the emulator under
// load, two devices reconnecting at once) to skip a change committed while it resumed
// and then report itself current: the device showed IN_SYNC with an old version until the
// document changed again. The audit checks a kind's view against the server with one
// aggregation query (a read per 1,000 documents matched): the count and the sum of `rev`
// of the documents changed since a watermark. The rules make every write raise a
// document's rev by exactly one, and a settled view never holds a version newer than the
// server's, so equal sums mean equal versions. A view that stays behind (or ahead: a purged
// tombstone a delta listener never hears of) for `confirmMs` without moving has missed
// something: the documents changed since the watermark are read from the server and shown.
// The watermark is kept in the device's storage: a delta listener restarts from its
// checkpoint, which may have passed a change the listener skipped, and only an audit
// window that starts where the last audit matched still covers it (the simulator found
// such a change missing for good after a restart).
import type { EntityKind } from "../../../schema/index.js";
import type { SessionContext } from "./context.js";
import { atOrAfter, isServerTime, type Fingerprint, type ServerTime } from "../sync/remote.js";
import type { Version } from "../sync/write-state.js";
import { PREFIX } from "../util/storage.js";

export type AuditResult =
  /** the view holds exactly the server's versions */
  | "match"
  /** our writes of the kind are unsettled, the view moved meanwhile, or the server could not be asked */
  | "inconclusive"
  /** the view does not hold the server's versions: the listener may still bring them */
  | "behind"
  /** the view had missed versions; they were read from the server */
  | "repaired";

/** What the audit needs from a kind's store. */
export interface AuditedView {
  /** the view's documents and a count of its changes, or undefined while our writes of the kind are unsettled */
  settled(): { changes: number; docs: Iterable<Version> } | undefined;
  /**
   * Shows server versions newer than the view's, and drops documents `inWindow` says the
   * server should have returned but did not (purged tombstones a delta listener never hears of).
   */
  showFromServer(docs: { id: string; data: Version }[], inWindow: (data: Version) => boolean): Promise<void>;
}

/** the server-stamped time of a document version, if it has one */
const stampOf = (data: Version) => (isServerTime(data["updatedAt"]) ? data["updatedAt"] : undefined);

export class KindAudit {
  /** when the view was first found behind, and how many changes it had then */
  private behindSince: { at: number; changes: number } | undefined;

  /** documents changed before this matched the server at the last audit (or were loaded whole) */
  private since: ServerTime;

  constructor(
    private readonly ctx: SessionContext,
    private readonly kind: EntityKind,
    private readonly view: AuditedView,
    /** the watermark when no audit of this device matched yet: where its view was loaded from, in ms */
    loadedFrom: number,
    private readonly confirmMs: number,
  ) {
    // kept at once: a start that ends before any audit matched must not move the window on
    const stored = ctx.storage.getItem(this.key);
    const from = stored === null ? loadedFrom : Math.min(Number(stored), loadedFrom);
    ctx.storage.setItem(this.key, String(from));
    this.since = ctx.remote.timeAt(from);
  }

  private get key(): string {
    return `${PREFIX}audited:${this.ctx.uid}:${this.kind}`;
  }

  async run(): Promise<AuditResult> {
    const before = this.view.settled();
    if (!before) return "inconclusive";
    const since = this.since;
    const local: Fingerprint = { count: 0, revs: 0 };
    let newest = since;
    const inWindow = (data: Version) => {
      const at = stampOf(data);
      return at !== undefined && atOrAfter(at, since);
    };
    for (const data of before.docs) {
      if (!inWindow(data)) continue;
      const at = stampOf(data)!;
      local.count++;
      local.revs += data["rev"] as number;
      if (atOrAfter(at, newest)) newest = at;
    }
    let server: Fingerprint;
    try {
      this.ctx.metrics.audits++;
      server = await this.ctx.remote.fingerprint(this.kind, since);
      // billed as one read per 1,000 index entries matched, at least one
      this.ctx.metrics.aggregationReads += Math.max(1, Math.ceil(server.count / 1000));
    } catch (e) {
      return this.failed(e);
    }
    const after = this.view.settled();
    // the view moved while the server was asked: the two cannot be compared
    if (!after || after.changes !== before.changes) return "inconclusive";
    if (server.count === local.count && server.revs === local.revs) {
      // everything changed before `newest` is here; later changes carry later timestamps
      this.since = newest;
      this.ctx.storage.setItem(this.key, String(Math.floor(newest.toMillis())));
      this.behindSince = undefined;
      return "match";
    }
    if (!this.behindSince || this.behindSince.changes !== after.changes) {
      this.behindSince = { at: this.ctx.clock.now(), changes: after.changes };
      return "behind";
    }
    if (this.ctx.clock.now() - this.behindSince.at < this.confirmMs) return "behind";
    // not the server's versions, and nothing arrived for confirmMs: the listener missed some
    try {
      const docs = await this.ctx.remote.changedSince(this.kind, since);
      this.ctx.metrics.documentsFromServer += docs.length;
      this.ctx.metrics.auditRepairs++;
      this.behindSince = undefined;
      await this.view.showFromServer(docs, inWindow);
      return "repaired";
    } catch (e) {
      return this.failed(e);
    }
  }

  /** The server could not be asked: a refusal may mean the session was revoked. */
  private failed(e: unknown): AuditResult {
    if ((e as { code?: unknown }).code === "permission-denied") this.ctx.accessLost();
    return "inconclusive";
  }
}
