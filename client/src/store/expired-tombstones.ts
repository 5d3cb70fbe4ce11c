// The trash purge (functions/src/sweeps) deletes tombstones past the retention outright. A
// listener to the whole kind hears of it; a delta listener (`updatedAt > checkpoint`) does
// not, and the checkpoint of a device that keeps running never ages out, so its trash would
// keep listing purged items that can no longer be restored. So, with each audit pass, a
// few of the view's tombstones past the retention are looked up on the server (each at
// most once a day), and those gone are forgotten.
import { DEFAULT_TOMBSTONE_RETENTION_DAYS, type EntityKind } from "../../../schema/index.js";
import type { SessionContext } from "./context.js";
import { isServerTime } from "../sync/remote.js";
import type { Version } from "../sync/write-state.js";

const DAY = 24 * 60 * 60 * 1000;
/** lookups per pass: a bound on reads, the rest wait for the next passes */
const PER_PASS = 20;

export class ExpiredTombstones {
  /** when each tombstone was last found still on the server */
  private readonly checkedAt = new Map<string, number>();

  constructor(
    private readonly ctx: SessionContext,
    private readonly kind: EntityKind,
  ) {}

  /** The ids, among the view's tombstones past the retention, that the server no longer has. */
  async purged(view: ReadonlyMap<string, Version>): Promise<string[]> {
    const now = this.ctx.clock.now();
    const cutoff = now - DEFAULT_TOMBSTONE_RETENTION_DAYS * DAY;
    const expired = (data: Version) => data["deleted"] === true && isServerTime(data["updatedAt"]) && data["updatedAt"].toMillis() < cutoff;
    const due = [...view].filter(([id, data]) => expired(data) && (this.checkedAt.get(id) ?? -Infinity) <= now - DAY).slice(0, PER_PASS);
    const gone: string[] = [];
    for (const [id] of due) {
      // a failed lookup is tried again at the next pass
      const found = await this.ctx.remote.readFromServer(this.kind, id).then((data) => data !== undefined, () => "failed" as const);
      if (found === "failed") continue;
      if (found) this.checkedAt.set(id, now);
      else gone.push(id);
    }
    return gone;
  }
}
