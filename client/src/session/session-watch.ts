// Watches this device's own session document and keeps it alive: the document vanishing
// (revoked, evicted, expired, account deleted) means this device must stop and wipe.
// A lastSeenAt heartbeat keeps the session from expiring while in use: sessions expire
// after 30 days unseen, so one beat at start (unless the last is under an hour old) and
// one a day after that suffice; each costs a write and its echo on this listener.
import { doc, getDocFromServer, onSnapshot, serverTimestamp, updateDoc, type DocumentSnapshot, type Firestore, type FirestoreError, type Timestamp } from "firebase/firestore";
import type { StatusTracker } from "../status/status.js";
import type { SyncMetrics } from "../store/context.js";
import { unrefTimer } from "../util/timers.js";

export const SESSION_LISTENER = "session";
export const DEFAULT_HEARTBEAT_MS = 24 * 3_600_000;
/** a start beats unless the session was seen this recently: "last seen" in the sessions list stays accurate to the hour */
const START_BEAT_AFTER_MS = 3_600_000;

export class SessionWatch {
  private unsubscribe: (() => void) | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private ended = false;

  constructor(
    private readonly db: Firestore,
    private readonly uid: string,
    private readonly sid: string,
    private readonly status: StatusTracker,
    private readonly metrics: Pick<SyncMetrics, "documentsFromServer" | "documentsWritten">,
    private readonly onEnded: () => void,
  ) {}

  private get ref() {
    return doc(this.db, "users", this.uid, "sessions", this.sid);
  }

  start(heartbeatMs: number): void {
    this.unsubscribe = onSnapshot(
      this.ref,
      { includeMetadataChanges: true },
      (snap) => {
        this.status.report(SESSION_LISTENER, { fromCache: snap.metadata.fromCache, hasPendingWrites: snap.metadata.hasPendingWrites });
        this.countDelivery(snap);
        // A "missing" snapshot is not proof (the browser's multi-tab cache can raise one
        // transiently): ask the server before wiping the device.
        if (!snap.exists() && !snap.metadata.fromCache) void this.verify();
        else if (snap.exists() && !snap.metadata.fromCache && !this.timer) this.startHeartbeat(heartbeatMs, snap.get("lastSeenAt") as Timestamp | null);
      },
      (error: FirestoreError) => {
        if (error.code === "permission-denied") void this.verify();
      },
    );
  }

  /** Heartbeats start once the server has shown the session, so they never patch a
   * document this device's cache has not seen yet. A session just claimed was seen just
   * now: the first beat waits (no write while a fresh device loads its data). */
  private startHeartbeat(heartbeatMs: number, lastSeenAt: Timestamp | null): void {
    if (!lastSeenAt || Date.now() - lastSeenAt.toMillis() > Math.min(heartbeatMs / 2, START_BEAT_AFTER_MS)) this.beat();
    this.timer = unrefTimer(setInterval(() => this.beat(), heartbeatMs));
  }

  /** the last version the server delivered, to tell a new version from a metadata-only snapshot */
  private delivered: string | undefined;

  /** Counts each version the server sends (billed as a read), its echo of our heartbeat included. */
  private countDelivery(snap: DocumentSnapshot): void {
    if (snap.metadata.fromCache || snap.metadata.hasPendingWrites || !snap.exists()) return;
    const version = JSON.stringify(snap.data({ serverTimestamps: "none" }));
    if (version !== this.delivered) this.metrics.documentsFromServer++;
    this.delivered = version;
  }

  /** Asks the server whether the session still exists (after a refused read or write). */
  async verify(): Promise<void> {
    try {
      if (!(await getDocFromServer(this.ref)).exists()) this.end();
    } catch (e) {
      if ((e as FirestoreError).code === "permission-denied") this.end();
    }
  }

  stop(): void {
    this.ended = true;
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
  }

  private beat(): void {
    this.metrics.documentsWritten++;
    updateDoc(this.ref, { lastSeenAt: serverTimestamp() }).catch(() => this.verify());
  }

  private end(): void {
    if (this.ended) return;
    this.stop();
    this.onEnded();
  }
}
