// What a device does with its own version of an item when the merge of its refused writes
// meets a same-field clash: the server's value stands, and the handler decides what
// becomes of the local version. Named and pluggable (SyncClientOptions.conflicts); the
// default keeps it as a visible copy, so no edit is ever lost.
import { LIMITS, type EntityKind } from "../../../schema/index.js";

export interface ConflictContext {
  kind: EntityKind;
  /** the item whose server value stood */
  originalId: string;
  /** this device's name, for the copy's label */
  deviceName: string;
}

export interface ConflictHandler {
  readonly name: string;
  /**
   * The fields of a new item holding the local version (`local`: the item's fields as this
   * device last had them), or undefined to keep nothing of it.
   */
  copy(local: Record<string, unknown>, context: ConflictContext): Record<string, unknown> | undefined;
}

/**
 * The default: the local version becomes a new item linked to the original
 * (`conflictOf`), live whatever the original's lifecycle, named "… (conflict from
 * <device>)"; a variable copy is disabled, so it never shadows the original.
 */
export const conflictCopies: ConflictHandler = {
  name: "conflict-copies",
  copy(local, { originalId, deviceName }) {
    const copy: Record<string, unknown> = { ...local, conflictOf: originalId, deletedWith: null, deletion: null };
    if (typeof copy["name"] === "string") copy["name"] = `${copy["name"]} (conflict from ${deviceName})`.slice(0, LIMITS.name);
    else if ("enabled" in copy) copy["enabled"] = false;
    return copy;
  },
};
