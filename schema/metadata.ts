// Sync metadata on every entity document, enforced by the rules.
import type { Timestamp } from "firebase/firestore";

export const METADATA_FIELDS = ["updatedAt", "updatedBy", "rev", "deleted", "baseBy"] as const;

export interface SyncMetadata {
  /** server time of the last write (== request.time) */
  updatedAt: Timestamp;
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
