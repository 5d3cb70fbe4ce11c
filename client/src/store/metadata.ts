import type { DocumentData } from "firebase/firestore";
import { METADATA_FIELDS } from "../../../schema/index.js";

const META = new Set<string>(METADATA_FIELDS);

/** The entity's own fields, without sync metadata. */
export function stripMeta(data: DocumentData): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([k]) => !META.has(k)));
}
