import type { Firestore } from "firebase/firestore";
import type { SyncGateError } from "../errors.js";
import type { SecretCipher } from "../secrets/cipher.js";
import type { ConflictHandler } from "../sync/conflicts.js";
import type { Remote } from "../sync/remote.js";
import type { Clock } from "../util/clock.js";
import type { StatusTracker } from "../status/status.js";
import type { KeyValueStorage } from "../util/storage.js";

/** Counters for what the session transferred: delta resume and write amplification are checked with them. */
export interface SyncMetrics {
  /** document versions the listeners (the session's included) received that were not local writes or the start-up cache load */
  documentsFromServer: number;
  /** document writes this device sent to the server (entities, chunks, retries, heartbeats included) */
  documentsWritten: number;
  /** reconnects made because writes went unacknowledged on a connection that looked alive */
  stallReconnects: number;
  /** aggregation queries the audit ran */
  audits: number;
  /** what those queries are billed: a read per 1,000 index entries matched, at least one each */
  aggregationReads: number;
  /** audits that found versions a listener had missed, and showed them */
  auditRepairs: number;
  /** Cloud Functions this device called (each billed as an invocation) */
  callables: number;
}

/** A ledger with nothing counted yet. */
export const emptyMetrics = (): SyncMetrics => ({ documentsFromServer: 0, documentsWritten: 0, stallReconnects: 0, audits: 0, aggregationReads: 0, auditRepairs: 0, callables: 0 });

/** What a store needs from the signed-in session it runs in. */
export interface SessionContext {
  /** Firestore itself, for what lies outside the stores' sync path (imports, chunks, sessions) */
  db: Firestore;
  /** the stores' way to the server and the local replica */
  remote: Remote;
  clock: Clock;
  /** a new document or operation id (random on devices, seeded in the simulator) */
  newId(): string;
  uid: string;
  sid: string;
  deviceName: string;
  /** what becomes of this device's version when a same-field clash keeps the server's value */
  conflicts: ConflictHandler;
  status: StatusTracker;
  cipher: SecretCipher | undefined;
  storage: KeyValueStorage;
  metrics: SyncMetrics;
  /** a write failed for good: surfaced through client.onError */
  reportError(error: SyncGateError): void;
  /** a read or write was refused: the session may have been revoked */
  accessLost(): void;
}
