// Watches this device's own session document and keeps it alive: the document vanishing
// (revoked, evicted, expired, account deleted) means this device must stop and wipe;
// a periodic lastSeenAt heartbeat keeps the session from expiring while in use.
import { doc, getDocFromServer, onSnapshot, serverTimestamp, updateDoc, type Firestore, type FirestoreError, type Timestamp } from "firebase/firestore";
import type { StatusTracker } from "../status/status.js";
import { unrefTimer } from "../util/timers.js";

export const SESSION_LISTENER = "session";

export class SessionWatch {
  private unsubscribe: (() => void) | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private ended = false;

  constructor(
    private readonly db: Firestore,
    private readonly uid: string,
    private readonly sid: string,
    private readonly status: StatusTracker,
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
    if (!lastSeenAt || Date.now() - lastSeenAt.toMillis() > heartbeatMs / 2) this.beat();
    this.timer = unrefTimer(setInterval(() => this.beat(), heartbeatMs));
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
    updateDoc(this.ref, { lastSeenAt: serverTimestamp() }).catch(() => this.verify());
  }

  private end(): void {
    if (this.ended) return;
    this.stop();
    this.onEnded();
  }
}
