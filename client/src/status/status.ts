// The honest sync status, derived from what the listeners' metadata says. Firestore has
// no online/offline callback; a listener opened with includeMetadataChanges reports
// fromCache (no confirmed server contact) and hasPendingWrites (local writes unacked).
export type SyncStatus = "OFFLINE" | "CONNECTING" | "SYNCING" | "IN_SYNC";

export const STATUS_LABELS: Record<SyncStatus, string> = {
  OFFLINE: "OFFLINE",
  CONNECTING: "CONNECTING",
  SYNCING: "SYNCING",
  IN_SYNC: "IN SYNC",
};

export interface StatusSnapshot {
  status: SyncStatus;
  /** local writes not yet acknowledged by the server */
  pendingWrites: number;
  /** when the status last was IN_SYNC (null before the first time) */
  lastSyncedAt: Date | null;
  /**
   * items whose edits wait because the server's rules refused their shape (an app newer
   * than the deployed rules; see client.waiting()). They are not in flight: the status
   * may be IN_SYNC (all else is) while some wait.
   */
  waiting: number;
}

interface ListenerState {
  fromCache: boolean;
  hasPendingWrites: boolean;
}

export class StatusTracker {
  private readonly listeners = new Map<string, ListenerState>();
  private readonly observers = new Set<(s: StatusSnapshot) => void>();
  private signedIn = false;
  private ownPending = 0;
  /** when a write was last acknowledged (or refused), or the first one began pending */
  private progressAt = 0;
  private readonly waitingByKind = new Map<string, number>();
  /** whether a listener has been confirmed by the server since start() */
  private reachedServer = false;
  /** when the status last became CONNECTING (read only once the session has reached the server) */
  private cutAt = 0;
  private current: StatusSnapshot = { status: "OFFLINE", pendingWrites: 0, lastSyncedAt: null, waiting: 0 };

  constructor(readonly now: () => number = Date.now) {}

  get snapshot(): StatusSnapshot {
    return this.current;
  }

  subscribe(observer: (s: StatusSnapshot) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /** Signed in with a session: listeners are about to open. */
  start(listenerNames: string[]): void {
    this.signedIn = true;
    this.reachedServer = false;
    this.listeners.clear();
    for (const name of listenerNames) this.listeners.set(name, { fromCache: true, hasPendingWrites: false });
    this.recompute();
  }

  stop(): void {
    this.signedIn = false;
    this.listeners.clear();
    this.ownPending = 0;
    this.waitingByKind.clear();
    this.recompute();
  }

  /** How many items of one kind have edits waiting (see StatusSnapshot.waiting). */
  setWaiting(kind: string, count: number): void {
    this.waitingByKind.set(kind, count);
    this.recompute();
  }

  /** A snapshot (with metadata) arrived on one listener. */
  report(name: string, state: ListenerState): void {
    if (!this.signedIn) return;
    this.listeners.set(name, state);
    this.recompute();
  }

  /** Tracks one of our writes until the server acknowledges (or refuses) it. */
  track(write: Promise<unknown>): void {
    if (this.ownPending++ === 0) this.progressAt = this.now();
    this.recompute();
    const done = () => {
      this.ownPending = Math.max(0, this.ownPending - 1);
      this.progressAt = this.now();
      this.recompute();
    };
    write.then(done, done);
  }

  /**
   * Since when the device has been stuck: connected (SYNCING) with our writes waiting and
   * none acknowledged, or cut off (CONNECTING) after this session had reached the server
   * (Firestore may then sit in its one-minute backoff after a stream error). Undefined
   * otherwise, and before the first contact (Firestore is still making it).
   */
  stalledSince(): number | undefined {
    if (this.current.status === "SYNCING") return this.ownPending > 0 ? this.progressAt : undefined;
    return this.current.status === "CONNECTING" && this.reachedServer ? this.cutAt : undefined;
  }

  private recompute(): void {
    const states = [...this.listeners.values()];
    const confirmed = states.filter((s) => !s.fromCache).length;
    if (this.signedIn && confirmed > 0) this.reachedServer = true;
    const listenerPending = states.some((s) => s.hasPendingWrites);
    const pendingWrites = this.signedIn ? Math.max(this.ownPending, listenerPending ? 1 : 0) : 0;
    let status: SyncStatus;
    if (!this.signedIn) status = "OFFLINE";
    else if (confirmed === 0) status = "CONNECTING";
    else if (confirmed < states.length || pendingWrites > 0) status = "SYNCING";
    else status = "IN_SYNC";
    const lastSyncedAt = status === "IN_SYNC" && this.current.status !== "IN_SYNC" ? new Date() : this.current.lastSyncedAt;
    let waiting = 0;
    for (const count of this.waitingByKind.values()) waiting += count;
    const same = status === this.current.status && pendingWrites === this.current.pendingWrites && lastSyncedAt === this.current.lastSyncedAt;
    if (same && waiting === this.current.waiting) return;
    if (status === "CONNECTING" && this.current.status !== "CONNECTING") this.cutAt = this.now();
    this.current = { status, pendingWrites, lastSyncedAt, waiting };
    for (const observer of [...this.observers]) observer(this.current);
  }
}
