// Firestore's limits on one document, checked for every planned document before an
// import writes anything: a file that would hit one ends in an ImportError naming the
// place, with nothing written. Depth is handled by folding deep subtrees; index entries
// stay few because the free-form fields are exempt from indexing (UNINDEXED_FIELDS, which
// firestore.indexes.json follows), and they are counted here all the same.
import { UNINDEXED_FIELDS, type EntityKind } from "../../../schema/index.js";
import { FIRESTORE_MAX_DEPTH, nestingDepth } from "../util/firestore-depth.js";

/** 1 MiB, less room for the sync metadata and the document's name. */
export const MAX_DOCUMENT_BYTES = 1_048_576 - 1_024;
/** Firestore's index entries per document, less room for the composite indexes and the sync metadata. */
export const MAX_INDEX_ENTRIES = 40_000 - 1_000;

const utf8 = new TextEncoder();

/** A value's size as Firestore counts it (strings: UTF-8 bytes + 1; numbers 8; maps: keys + values). */
export function storedSize(value: unknown): number {
  if (value === null || value === undefined || typeof value === "boolean") return 1;
  if (typeof value === "number") return 8;
  if (typeof value === "string") return utf8.encode(value).length + 1;
  if (Array.isArray(value)) return value.reduce<number>((sum, v) => sum + storedSize(v), 0);
  if (value instanceof Date) return 8;
  return Object.entries(value as Record<string, unknown>).reduce((sum, [k, v]) => sum + utf8.encode(k).length + 1 + storedSize(v), 0);
}

/**
 * An upper bound of the single-field index entries a value makes: ascending and
 * descending for it, one array-contains entry per array element, and the same again for
 * every field of a map.
 */
export function indexEntries(value: unknown): number {
  if (Array.isArray(value)) return 2 + value.length;
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    return Object.values(value as Record<string, unknown>).reduce<number>((sum, v) => sum + indexEntries(v), 2);
  }
  return 2;
}

/** Where most of a value's size sits: into the largest child while it holds over half of its parent. */
export function largestPart(value: unknown): (string | number)[] {
  const path: (string | number)[] = [];
  for (let at = value; at !== null && typeof at === "object" && !(at instanceof Date); ) {
    const children = Object.entries(at as Record<string, unknown>).map(([k, v]) => [Array.isArray(at) ? Number(k) : k, v, storedSize(v)] as const);
    const largest = children.reduce<(typeof children)[number] | undefined>((best, c) => (!best || c[2] > best[2] ? c : best), undefined);
    if (!largest || largest[2] * 2 < storedSize(at)) break;
    path.push(largest[0]);
    at = largest[1];
  }
  return path;
}

/**
 * Why a document of `kind` cannot be stored as it is, or undefined when it can.
 * `describe` words a path inside the document (for an error in the file's vocabulary).
 */
export function storageProblem(doc: Record<string, unknown>, kind?: EntityKind, describe: (path: (string | number)[]) => string = (p) => p.join(".")): string | undefined {
  const depth = nestingDepth(doc);
  if (depth > FIRESTORE_MAX_DEPTH) return `nests ${depth} levels deep; Firestore stores at most ${FIRESTORE_MAX_DEPTH}`;
  const size = storedSize(doc) + 32;
  if (size > MAX_DOCUMENT_BYTES) {
    const part = largestPart(doc);
    const most = part.length ? `, most of it in ${describe(part)}` : "";
    return `is ${size.toLocaleString("en")} bytes as a Firestore document${most}; the limit is 1 MiB`;
  }
  const exempt: readonly string[] = kind ? UNINDEXED_FIELDS[kind] : [];
  const entries = Object.entries(doc).reduce((sum, [field, v]) => sum + (exempt.includes(field) ? 0 : indexEntries(v)), 0);
  if (entries > MAX_INDEX_ENTRIES) return `would make ${entries.toLocaleString("en")} index entries; Firestore allows 40,000 per document`;
  return undefined;
}
