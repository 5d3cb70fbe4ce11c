// Three-way merge of a document's refused field-level writes into what the server holds
// now. Each write is merged in the order it was made, against its own base (the version
// the device showed when it was made): a later write need not build on an earlier one
// (the view may have moved to another device's version in between), so patches are not
// simply folded together. Fields the server (with the writes merged so far) left as they
// were in a write's base take the write's value; fields changed to something else are
// conflicts: the server's value stands and the write's version is kept as a conflict copy.
import { deepEqual } from "../util/equal.js";
import { applyPatch, isRemoved } from "./patch.js";

/** A field's value, a removal counting as its absence. */
const same = (a: unknown, b: unknown) => deepEqual(isRemoved(a) ? undefined : a, isRemoved(b) ? undefined : b);

export interface RefusedWrite {
  /** the fields of the version the device edited */
  base: Record<string, unknown>;
  /** the fields it changed */
  patch: Record<string, unknown>;
}

export interface MergeResult {
  /** fields to write on top of the server version */
  apply: Record<string, unknown>;
  /** local versions to keep as conflict copies: one per line of edits that clashed */
  copies: Record<string, unknown>[];
}

export function mergeRefused(server: Record<string, unknown>, writes: RefusedWrite[]): MergeResult {
  const merged = { ...server };
  const apply: Record<string, unknown> = {};
  const copies: Record<string, unknown>[] = [];
  for (const { base, patch } of writes) {
    const conflicts: string[] = [];
    for (const [field, mine] of Object.entries(patch)) {
      if (same(merged[field], base[field])) merged[field] = apply[field] = mine;
      else if (!same(merged[field], mine)) conflicts.push(field);
    }
    // A write that builds on a clashed version carries on its copy rather than starting
    // another, so the copy ends as the device's last version of the item.
    const continued = [...copies].reverse().findIndex((copy) => Object.keys(patch).every((field) => same(copy[field], base[field])));
    if (continued >= 0) copies[copies.length - 1 - continued] = applyPatch(copies[copies.length - 1 - continued]!, patch);
    else if (conflicts.length > 0) copies.push(applyPatch(base, patch));
  }
  return { apply, copies };
}

/**
 * Whether a refused delete or restore (base and patch with the lifecycle fields) is
 * written again on the server's version. It merges like a field: only if nobody changed
 * the lifecycle since its base, so a newer delete or restore from another device stands.
 * A restore undoes one deletion: if the item is in the trash by another one now (a
 * cascade from another device), that delete is newer and stands (the simulator found a
 * restore retried over it, which then finished the restore of that cascade's root). And a
 * delete of the item itself stands over a cascade that swept it into another item's trash
 * group meanwhile: restoring that group must not bring back what the user deleted (the
 * simulator found it back after its folder's restore).
 */
export function retryLifecycle({ base, patch }: RefusedWrite, server: Record<string, unknown>): boolean {
  if (patch["deleted"] === true && patch["deletedWith"] === null && server["deleted"] === true && typeof server["deletedWith"] === "string") return true;
  const sameDeletion = patch["deleted"] === true || (server["deletion"] ?? null) === (base["deletion"] ?? null);
  return server["deleted"] !== patch["deleted"] && server["deleted"] === base["deleted"] && sameDeletion;
}
