// The port through which the sync protocol reaches the server and the local replica:
// everything a store needs of Firestore (or of the simulator's in-memory model of it).
// Writes carry a precondition (the rules accept `rev` + 1 on the exact base version);
// listeners report each document's version, whether it is a local write not yet
// acknowledged, and whether the batch is confirmed by the server.
import type { EntityKind, ServerTime } from "../../../schema/index.js";
import type { Version } from "./write-state.js";

export type { ServerTime };

export function isServerTime(value: unknown): value is ServerTime {
  return typeof value === "object" && value !== null && typeof (value as ServerTime).seconds === "number" && typeof (value as ServerTime).toMillis === "function";
}

export function atOrAfter(t: ServerTime, since: ServerTime): boolean {
  return t.seconds > since.seconds || (t.seconds === since.seconds && t.nanoseconds >= since.nanoseconds);
}

/** A failure as the remote reports it: `permission-denied` (the rules refused), `unavailable`, … */
export interface RemoteError extends Error {
  code: string;
}

export interface RemoteChange {
  id: string;
  /** the document's version (when removed: its last one) */
  data: Version;
  /** the document left the listened set (deleted on the server) */
  removed: boolean;
  /** a local write of this device not yet acknowledged */
  pending: boolean;
  /** only `pending` changed (an acknowledgement), not the document */
  metadataOnly: boolean;
}

export interface RemoteBatch {
  changes: RemoteChange[];
  /** the server has not confirmed this batch (offline, or still connecting) */
  fromCache: boolean;
  /** some document of the listened set holds an unacknowledged local write */
  hasPendingWrites: boolean;
}

/** The count and the sum of `rev` of a set of documents: equal fingerprints mean equal versions (see store/audit.ts). */
export interface Fingerprint {
  count: number;
  revs: number;
}

export interface Remote {
  /** Queues a write at once; resolves on the server's acknowledgement, rejects with its refusal. The server stamps `updatedAt`. */
  write(kind: EntityKind, id: string, op: "create" | "update", data: Version): Promise<void>;
  /** One document as the server holds it now (undefined: none); rejects `unavailable` while unreachable. */
  readFromServer(kind: EntityKind, id: string): Promise<Version | undefined>;
  /** What the local replica holds of a kind (a persistent cache's start), if anything. */
  readCache(kind: EntityKind): Promise<{ id: string; data: Version; pending: boolean }[] | undefined>;
  /** Listens to a kind, or to its documents changed after `since` (ms); returns the stop. */
  listen(kind: EntityKind, since: number | undefined, onBatch: (batch: RemoteBatch) => void, onError: (error: RemoteError) => void): () => void;
  /** The fingerprint of the kind's documents changed at or after `since`, from the server. */
  fingerprint(kind: EntityKind, since: ServerTime): Promise<Fingerprint>;
  /** The kind's documents changed at or after `since`, from the server. */
  changedSince(kind: EntityKind, since: ServerTime): Promise<{ id: string; data: Version }[]>;
  /** A server time for a moment in ms (a checkpoint as a watermark). */
  timeAt(ms: number): ServerTime;
}
