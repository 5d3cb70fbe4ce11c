// Three-way merge of a refused field-level write: `base` is the version the device
// edited, `patch` its changed fields, `server` what the server holds now. Fields the
// server left as they were in base take the local value; fields the server changed to
// something else are conflicts: the server's value stands and the caller keeps the
// local version as a conflict copy.
import { deepEqual } from "../util/equal.js";

export interface MergeResult {
  /** fields to write on top of the server version */
  apply: Record<string, unknown>;
  /** fields both sides changed differently */
  conflicts: string[];
}

export function threeWayMerge(base: Record<string, unknown>, patch: Record<string, unknown>, server: Record<string, unknown>): MergeResult {
  const apply: Record<string, unknown> = {};
  const conflicts: string[] = [];
  for (const [field, mine] of Object.entries(patch)) {
    if (deepEqual(server[field], base[field])) apply[field] = mine;
    else if (!deepEqual(server[field], mine)) conflicts.push(field);
  }
  return { apply, conflicts };
}
