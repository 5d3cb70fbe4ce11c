import type { DocumentData } from "firebase/firestore";
import { METADATA_FIELDS } from "../../../schema/index.js";
import { unfold } from "../util/firestore-depth.js";

const META = new Set<string>(METADATA_FIELDS);

/** The entity's own fields as the app sees them: without sync metadata, deep parts unfolded. */
export function stripMeta(data: DocumentData): Record<string, unknown> {
  return unfold(Object.fromEntries(Object.entries(data).filter(([k]) => !META.has(k))));
}
