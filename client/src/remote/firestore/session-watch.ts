// Watches for the end of this device's session and keeps the session alive. Every way a
// session ends (revoked, evicted, replaced, expired, account deleted) writes its record,
// users/{uid}/sessionEnds/{sid}, which this device may read even after its session is
// gone: its appearing means this device must stop and wipe. The device listens to that
// record, not to its session document, so its own heartbeat (a write to the session
// document) is never delivered back to it: an idle device reads nothing.
// Sessions expire after 30 days unseen: one beat at start (unless this device beat less
// than an hour ago) and one a day after that suffice.
import { getDocFromServer, onSnapshot, serverTimestamp, updateDoc, type Firestore, type FirestoreError } from "firebase/firestore";
import { SESSION_ENDS, SESSIONS, type SessionEndCause } from "../../../../schema/index.js";
import type { StatusTracker } from "../../status/status.js";
import type { SyncMetrics } from "../../store/context.js";
import { PREFIX, type KeyValueStorage } from "../../util/storage.js";
import { unrefTimer } from "../../util/timers.js";
import { userDoc } from "./paths.js";

export const SESSION_LISTENER = "session";
export const DEFAULT_HEARTBEAT_MS = 24 * 3_600_000;
/** a start beats unless this device beat this recently: "last seen" in the sessions list stays accurate to the hour */
const START_BEAT_AFTER_MS = 3_600_000;

/** Why the session ended, when the server's record says (undefined when it is simply gone). */
export type EndedCause = SessionEndCause | undefined;

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
    private readonly storage: KeyValueStorage,
    private readonly onEnded: (cause: EndedCause) => void,
  ) {}

  private get ref() {
    return userDoc(this.db, this.uid, SESSIONS, this.sid);
  }

  private get lastBeatKey() {
    return `${PREFIX}beat:${this.uid}:${this.sid}`;
  }

  /** `claimedAt`: when the session was claimed, if just now (the claim set its lastSeenAt). */
  start(heartbeatMs: number, claimedAt?: number): void {
    if (this.ended) return; // the session was stopped before its watch could start
    if (claimedAt !== undefined) this.storage.setItem(this.lastBeatKey, String(claimedAt));
    this.unsubscribe = onSnapshot(
      userDoc(this.db, this.uid, SESSION_ENDS, this.sid),
      { includeMetadataChanges: true },
      (snap) => {
        this.status.report(SESSION_LISTENER, { fromCache: snap.metadata.fromCache, hasPendingWrites: snap.metadata.hasPendingWrites });
        if (snap.metadata.fromCache) return;
        if (snap.exists()) {
          this.metrics.documentsFromServer++; // the record, delivered (while absent, no document is)
          this.end(snap.get("cause") as SessionEndCause);
        } else if (!this.timer) this.startHeartbeat(heartbeatMs);
      },
      (error: FirestoreError) => {
        if (error.code === "permission-denied") void this.verify();
      },
    );
  }

  /** Heartbeats start once the server has answered, so a device offline at start does not queue one. */
  private startHeartbeat(heartbeatMs: number): void {
    const last = Number(this.storage.getItem(this.lastBeatKey) ?? 0);
    if (Date.now() - last > Math.min(heartbeatMs / 2, START_BEAT_AFTER_MS)) this.beat();
    this.timer = unrefTimer(setInterval(() => this.beat(), heartbeatMs));
  }

  /** Asks the server whether the session still exists (after a refused read or write). */
  async verify(): Promise<void> {
    try {
      if (!(await getDocFromServer(this.ref)).exists()) this.end(undefined);
    } catch (e) {
      if ((e as FirestoreError).code === "permission-denied") this.end(undefined);
    }
  }

  stop(): void {
    this.ended = true;
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
  }

  private beat(): void {
    this.metrics.documentsWritten++;
    const at = Date.now();
    updateDoc(this.ref, { lastSeenAt: serverTimestamp() }).then(
      () => this.storage.setItem(this.lastBeatKey, String(at)),
      () => this.verify(),
    );
  }

  private end(cause: EndedCause): void {
    if (this.ended) return;
    this.stop();
    this.storage.removeItem(this.lastBeatKey);
    this.onEnded(cause);
  }
}
