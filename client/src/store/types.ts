import type { EntityData, EntityKind } from "../../../schema/index.js";

/** Sync metadata as the SDK exposes it. */
export interface EntityMeta {
  id: string;
  rev: number;
  /** server time of the last write; an estimate while the write is pending */
  updatedAt: Date | null;
  /** session id of the last writer */
  updatedBy: string;
  deleted: boolean;
  /** a local write to this entity has not reached the server yet */
  pending: boolean;
  /**
   * Set when the stored document is unsound (another writer broke it, or an import never
   * finished): why, for the user to see. Such an item is shown, not dropped, and an export
   * leaves it out and says so.
   */
  needsRepair?: string;
  /**
   * Set when this app may not edit the item: a newer version of the app wrote it in a shape
   * this one cannot read (says which version is needed). It is shown as stored; edits
   * throw `newer-app-needed`; delete and restore still work.
   */
  readOnly?: string;
  /**
   * Set when this device's edit of the item waits: the server's rules refused its shape,
   * not its base (typically an app deployed before the rules it needs). Why, for the user
   * to see. The edit is kept and shown (`pending` too), tried again at the next start, now
   * and then while the app runs, and on `client.retryWaiting()`.
   */
  waiting?: string;
}

export type Entity<K extends EntityKind> = EntityData<K> & EntityMeta;

export interface ListOptions<K extends EntityKind> {
  /** include tombstones (the trash); default false */
  includeDeleted?: boolean;
  /** equality filters on the kind's own fields, e.g. { collectionId } or { folderId: null } */
  where?: Partial<EntityData<K>>;
}

export type Unsubscribe = () => void;

/** What to call an entity in a message: its name, or its key (variables), or its id. */
export function entityLabel(entity: { id: string }): string {
  const fields = entity as unknown as Record<string, unknown>;
  return String(fields["name"] ?? fields["key"] ?? entity.id);
}
