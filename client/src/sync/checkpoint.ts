// A kind's checkpoint: the newest server `updatedAt` this device has confirmed, kept in
// its storage, so the next start listens only to what changed after it (a delta). Past
// the trash retention a tombstone may have been purged unseen, so an older checkpoint is
// not trusted and the kind is listened to whole.
import { DEFAULT_TOMBSTONE_RETENTION_DAYS, type EntityKind } from "../../../schema/index.js";
import { PREFIX, type KeyValueStorage } from "../util/storage.js";
import type { RemoteBatch, ServerTime } from "./remote.js";

const DAY = 24 * 60 * 60 * 1000;
/** a checkpoint older than this is not trusted for a delta (a margin under the retention) */
export const DELTA_MAX_AGE_MS = (DEFAULT_TOMBSTONE_RETENTION_DAYS - 2) * DAY;

export class Checkpoint {
  private readonly key: string;
  private newest = 0;

  constructor(
    private readonly storage: KeyValueStorage,
    uid: string,
    kind: EntityKind,
    /** only a persistent replica keeps what a checkpoint stands for */
    private readonly persistent: boolean,
  ) {
    this.key = `${PREFIX}cp:${uid}:${kind}`;
  }

  /** The stored checkpoint a delta may start from, if any. */
  stored(now: number): number | undefined {
    if (!this.persistent) return undefined;
    const stored = Number(this.storage.getItem(this.key));
    return stored > 0 && now - stored < DELTA_MAX_AGE_MS ? stored : undefined;
  }

  /** A delta listener starts from `since`: confirmations advance from there. */
  startFrom(since: number): void {
    this.newest = since;
  }

  /** Advances past the documents of a batch the server has confirmed; stored once no write of ours is pending. */
  confirm(batch: RemoteBatch): void {
    if (batch.fromCache || !this.persistent) return;
    for (const change of batch.changes) {
      if (change.metadataOnly || change.pending) continue;
      const at = (change.data["updatedAt"] as ServerTime | null | undefined)?.toMillis() ?? 0;
      if (at > this.newest) this.newest = at;
    }
    if (!batch.hasPendingWrites && this.newest > 0) this.storage.setItem(this.key, String(this.newest));
  }
}
