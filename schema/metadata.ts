// Sync metadata on every entity document, enforced by the rules.

export const METADATA_FIELDS = ["updatedAt", "updatedBy", "rev", "deleted", "baseBy"] as const;

/**
 * The field naming the schema version a document was written with (schema/versions.ts);
 * absent means 1. It travels with the entity's fields (a conflict copy of a newer
 * document is as new), but no edit sets it: creates and upgrades do.
 */
export const VERSION_FIELD = "schemaVersion";

/** A server-stamped time, exact to the nanosecond (Firestore's Timestamp is one). */
export interface ServerTime {
  readonly seconds: number;
  readonly nanoseconds: number;
  toMillis(): number;
  toDate(): Date;
}

export interface SyncMetadata {
  /** server time of the last write (== request.time) */
  updatedAt: ServerTime;
  /** session id (sid) of the last writer */
  updatedBy: string;
  /** 1 on create, +1 on every write */
  rev: number;
  /** tombstone: a delete is a write of deleted: true */
  deleted: boolean;
  /**
   * On updates: the `updatedBy` of the version the write was based on. With `rev` it
   * pins the base exactly, so a queued write cannot land on a version it never saw
   * after an earlier queued write of the same device was refused.
   */
  baseBy?: string;
}
