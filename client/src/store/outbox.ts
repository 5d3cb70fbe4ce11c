// Each write of this device not yet settled, kept in the device's storage until it is.
// Firestore's persistent cache keeps queued writes across an app restart and sends them
// again, but nothing answers the closed app's promises: a write the server refuses then
// just drops out of the view (the simulator found such edits lost). The next start
// treats every write still listed here as refused and merges it into the server's
// version: one that had landed merges to nothing, one refused gets its fields retried or
// a conflict copy. Writes held during a merge (never handed to Firestore) are here too.
import type { EntityKind } from "../../../schema/index.js";
import type { RefusedWrite } from "../sync/write-state.js";
import { PREFIX, type KeyValueStorage } from "../util/storage.js";

export interface OutboxEntry {
  key: string;
  id: string;
  write: RefusedWrite;
}

export class Outbox {
  private readonly prefix: string;
  private readonly counterKey: string;

  constructor(
    private readonly storage: KeyValueStorage,
    uid: string,
    kind: EntityKind,
  ) {
    this.prefix = `${PREFIX}outbox:${uid}:${kind}:`;
    this.counterKey = `${PREFIX}outbox-seq:${uid}`;
  }

  /**
   * Lists a write; returns its key, for remove(). Storage that is full or refuses writes
   * (a private window) leaves the write unlisted, never fails it: the outbox is a net
   * under Firestore's own queue, not a condition of writing.
   */
  add(id: string, write: Omit<RefusedWrite, "key">): string | undefined {
    try {
      const seq = Number(this.storage.getItem(this.counterKey) ?? 0) + 1;
      this.storage.setItem(this.counterKey, String(seq));
      const key = `${this.prefix}${String(seq).padStart(12, "0")}`;
      this.storage.setItem(key, JSON.stringify({ id, write }));
      return key;
    } catch {
      return undefined;
    }
  }

  remove(key: string | undefined): void {
    if (key) this.storage.removeItem(key);
  }

  /** The writes listed by an earlier run, in the order they were made. */
  entries(): OutboxEntry[] {
    return this.storage
      .keys(this.prefix)
      .sort()
      .flatMap((key) => {
        const item = this.storage.getItem(key);
        if (!item) return [];
        const { id, write } = JSON.parse(item) as { id: string; write: RefusedWrite };
        return [{ key, id, write: { ...write, key } }];
      });
  }
}
