// Each write of this device not yet settled, kept in the device's storage until it is.
// Firestore's persistent cache keeps queued writes across an app restart and sends them
// again, but nothing answers the closed app's promises: a write the server refuses then
// just drops out of the view (the simulator found such edits lost). The next start
// treats every write still listed here as refused and merges it into the server's
// version: one that had landed merges to nothing, one refused gets its fields retried or
// a conflict copy. Writes held during a merge (never handed to Firestore) are here too.
// Tabs of one browser share the storage (and, by default, Firestore's queue): each run
// of the stores holds a Web Lock while it lives, its entries name it, and a start adopts
// only entries of runs that are gone, never those of a tab still open (whose promises
// still answer).
import type { EntityKind } from "../../../schema/index.js";
import type { RefusedWrite } from "../sync/write-state.js";
import { PREFIX, randomId, type KeyValueStorage } from "../util/storage.js";

export interface OutboxEntry {
  key: string;
  /** its place in the order the account's writes were made (across kinds) */
  seq: string;
  id: string;
  write: RefusedWrite;
  /** the run that listed it (absent in entries listed before runs were named) */
  run?: string;
}

/** One run of the stores, from a session's start to its close: a name, and a lock other tabs can see while it lives. */
export interface OutboxRun {
  readonly id: string;
  /**
   * The entries whose run is gone. Without Web Locks (Node, tests) one run lives at a time
   * and all are. A run that ended and started again in the same tab is gone too. Asks the
   * locks once for all kinds. Never fails: the stores' snapshots wait on it.
   */
  orphaned(entries: OutboxEntry[]): Promise<OutboxEntry[]>;
  close(): void;
}

const runLock = (id: string) => `syncgate-run-${id}`;

export function startRun(): OutboxRun {
  const id = randomId(12);
  let close = () => undefined as void;
  const locks = globalThis.navigator?.locks;
  if (locks) {
    const held = new Promise<void>((release) => (close = release));
    // refused (a page being unloaded): other tabs then take this run for gone, as it soon is
    locks.request(runLock(id), () => held).catch(() => undefined);
  }
  // the names of the locks held when first asked; undefined when they cannot be asked
  let live: Promise<Set<string | undefined> | undefined> | undefined;
  return {
    id,
    close: () => close(),
    async orphaned(entries) {
      if (!locks || entries.length === 0) return entries;
      live ??= locks.query().then(
        (snapshot) => new Set<string | undefined>((snapshot.held ?? []).map((lock) => lock.name)),
        () => undefined,
      );
      const names = await live;
      // no telling which runs live: the entries wait for a later start
      return names ? entries.filter((e) => !e.run || !names.has(runLock(e.run))) : [];
    },
  };
}

export class Outbox {
  private readonly prefix: string;
  private readonly counterKey: string;

  constructor(
    private readonly storage: KeyValueStorage,
    uid: string,
    kind: EntityKind,
    /** the run listing writes now */
    private readonly run: string,
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
      // the run in the key too: two tabs may read the same counter at once
      const key = `${this.prefix}${String(seq).padStart(12, "0")}:${this.run}`;
      this.storage.setItem(key, JSON.stringify({ id, write, run: this.run }));
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
        const { id, write, run } = JSON.parse(item) as { id: string; write: RefusedWrite; run?: string };
        const seq = key.slice(this.prefix.length, this.prefix.length + 12);
        return [{ key, seq, id, write: { ...write, key }, ...(run ? { run } : {}) }];
      });
  }
}
