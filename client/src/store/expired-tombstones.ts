// The trash purge (functions/src/sweeps) deletes tombstones past the retention outright. A
// listener to the whole kind hears of it; a delta listener (`updatedAt > checkpoint`) does
// not, and the checkpoint of a device that keeps running never ages out, so its trash would
// keep listing purged items that can no longer be restored. So, with each audit pass, a
// few of the view's tombstones past the retention are looked up on the server (each at
// most once a day), and those gone are forgotten.
import { getDocFromServer, Timestamp, type DocumentData } from "firebase/firestore";
import { DEFAULT_TOMBSTONE_RETENTION_DAYS, type EntityKind } from "../../../schema/index.js";
import type { SessionContext } from "./context.js";
import { userDoc } from "../remote/firestore/paths.js";

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
  async purged(view: ReadonlyMap<string, DocumentData>): Promise<string[]> {
    const now = Date.now();
    const cutoff = now - DEFAULT_TOMBSTONE_RETENTION_DAYS * DAY;
    const expired = (data: DocumentData) => data["deleted"] === true && data["updatedAt"] instanceof Timestamp && data["updatedAt"].toMillis() < cutoff;
    const due = [...view].filter(([id, data]) => expired(data) && (this.checkedAt.get(id) ?? -Infinity) <= now - DAY).slice(0, PER_PASS);
    const gone: string[] = [];
    for (const [id] of due) {
      // a failed lookup is tried again at the next pass
      const snap = await getDocFromServer(userDoc(this.ctx.db, this.ctx.uid, this.kind, id)).catch(() => undefined);
      if (!snap) continue;
      if (snap.exists()) this.checkedAt.set(id, now);
      else gone.push(id);
    }
    return gone;
  }
}
