// Sync metadata beside an entity's fields: what the app sees is the fields without it.
import type { Version } from "./write-state.js";
import { METADATA_FIELDS } from "../../../schema/index.js";
import { unfold } from "../util/firestore-depth.js";

const META = new Set<string>(METADATA_FIELDS);

/** The entity's own fields as stored: without sync metadata. */
export function withoutMeta(data: Version): Record<string, unknown> {
  // a loop, not entries/filter/fromEntries: this runs for every document a restore loads
  const own: Record<string, unknown> = {};
  for (const key in data) if (!META.has(key)) own[key] = data[key];
  return own;
}

/** The entity's own fields as the app sees them: without sync metadata, deep parts unfolded. */
export function stripMeta(data: Version): Record<string, unknown> {
  return unfold(withoutMeta(data));
}
