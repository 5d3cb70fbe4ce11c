// How a store listens. A fresh device listens to the whole kind. A device with a
// persistent cache and a checkpoint (sync/checkpoint.ts) serves what it has from the
// cache and listens only to `updatedAt > checkpoint`, so coming back after any gap reads
// from the server only what changed (Firestore's own resume is a full re-read after 30
// minutes).
import type { EntityKind } from "../../../schema/index.js";
import { Checkpoint } from "../sync/checkpoint.js";
import { OwnEchoes } from "../sync/own-echoes.js";
import type { SessionContext } from "./context.js";
import type { RemoteBatch, RemoteError } from "../sync/remote.js";

export interface ListenerCallbacks {
  /** a batch of documents: from the cache at start, or a listener snapshot */
  onSnapshot(batch: RemoteBatch, fromCacheLoad: boolean): Promise<void>;
  onError(error: RemoteError): void;
}

/** Lets listeners start once every kind's cached documents are shown (see KindListener.start). */
export interface CacheGate {
  /** this kind's cache is shown (or it has none to show) */
  shown(): void;
  readonly allShown: Promise<void>;
}

/** A gate that opens once `kinds` kinds are shown. */
export function cacheGate(kinds: number): CacheGate {
  let open!: () => void;
  const allShown = new Promise<void>((resolve) => (open = resolve));
  let left = kinds;
  return { allShown, shown: () => void (--left === 0 && open()) };
}

export class KindListener {
  private unsubscribe: (() => void) | undefined;
  private readonly checkpoints: Checkpoint;
  private stopped = false;
  /** listening to changes since a checkpoint rather than to the whole kind */
  isDelta = false;

  constructor(
    private readonly ctx: SessionContext,
    private readonly kind: EntityKind,
    persistent: boolean,
    /** whether a write of this device to the document awaits its acknowledgement */
    private readonly writing: (id: string) => boolean,
  ) {
    this.checkpoints = new Checkpoint(ctx.storage, ctx.uid, kind, persistent);
  }

  /** The checkpoint a delta may start from, if any. */
  checkpoint(): number | undefined {
    return this.checkpoints.stored(this.ctx.clock.now());
  }

  private readonly echoes = new OwnEchoes();

  /**
   * Shows the cached kind (when a delta will follow), then listens once `gate` lets it: a
   * new listener's query first runs over the whole cached kind, and the local cache works
   * one operation at a time, so listening at once would hold back other kinds' cache reads.
   */
  async start(callbacks: ListenerCallbacks, gate: CacheGate): Promise<void> {
    const since = this.checkpoint();
    try {
      if (since !== undefined) {
        const cached = await this.ctx.remote.readCache(this.kind);
        if (cached && !this.stopped) {
          const changes = cached.map((d) => ({ ...d, metadataOnly: false, removed: false }));
          await callbacks.onSnapshot({ changes, fromCache: true, hasPendingWrites: cached.some((d) => d.pending) }, true);
        }
        this.checkpoints.startFrom(since);
        this.isDelta = true;
      }
    } finally {
      gate.shown();
    }
    await gate.allShown;
    if (this.stopped) return;
    this.unsubscribe = this.ctx.remote.listen(
      this.kind,
      since,
      (batch) => {
        // Every document version the listener delivers that is not a local write came from
        // the server (docs may arrive while the SDK still counts itself offline, so
        // fromCache is no guide); the cache load at start is not counted. Conservative:
        // a persistent cache's first snapshot would be over-counted, never under.
        for (const change of batch.changes) {
          if (change.metadataOnly || change.pending) continue;
          this.delivered(change.id, change.data["rev"] as number, change.data["updatedBy"] === this.ctx.sid);
        }
        void callbacks.onSnapshot(batch, false);
      },
      callbacks.onError,
    );
  }

  /** A write of this device was acknowledged: its version is delivered (and billed) too (see OwnEchoes). */
  acknowledged(id: string, rev: number): void {
    if (this.echoes.acknowledged(id, rev)) this.ctx.metrics.documentsFromServer++;
  }

  private delivered(id: string, rev: number, own: boolean): void {
    if (this.echoes.delivered(id, rev, own, this.writing(id))) this.ctx.metrics.documentsFromServer++;
  }

  /** Advances the checkpoint past documents the server has confirmed. */
  confirm(batch: RemoteBatch): void {
    this.checkpoints.confirm(batch);
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
  }
}
