// Firestore nests maps and arrays at most 20 levels deep. Free-form parts of a document
// (a Postman file's extensions, a newman report's embedded collection) can be deeper, so
// a subtree that starts below FOLD_DEPTH is stored as its JSON text under one marker key,
// and unfolded on read: any depth round-trips, and what the app sees is unchanged.
export const FIRESTORE_MAX_DEPTH = 20;
/** Subtrees starting deeper than this are folded (well inside Firestore's limit). */
export const FOLD_DEPTH = 16;
export const FOLDED_KEY = "$sgJson";

type Json = unknown;

const isContainer = (v: Json): v is Record<string, Json> | Json[] => typeof v === "object" && v !== null && !(v instanceof Date) && !isSpecial(v);
/** Firestore values that are objects but no maps: Timestamps, references, field values, bytes. */
const isSpecial = (v: object) => {
  const proto = Object.getPrototypeOf(v) as object | null;
  return proto !== Object.prototype && proto !== Array.prototype && proto !== null;
};

/** How deep maps and arrays nest under `value` (a scalar is 0). */
export function nestingDepth(value: Json): number {
  if (!isContainer(value)) return 0;
  let deepest = 0;
  for (const child of Object.values(value)) deepest = Math.max(deepest, nestingDepth(child));
  return deepest + 1;
}

/** The value with every container that would sit below FOLD_DEPTH replaced by its folded JSON. */
export function fold<T>(value: T, depth = 1): T {
  if (!isContainer(value)) return value;
  if (depth >= FOLD_DEPTH && nestingDepth(value) > 1) return { [FOLDED_KEY]: JSON.stringify(value) } as T;
  if (Array.isArray(value)) return value.map((v) => fold(v, depth + 1)) as T;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fold(v, depth + 1)])) as T;
}

const isFolded = (v: Json): v is { [FOLDED_KEY]: string } =>
  isContainer(v) && !Array.isArray(v) && typeof (v as Record<string, Json>)[FOLDED_KEY] === "string" && Object.keys(v).length === 1;

/** Whether a folded subtree sits anywhere under `value`: a walk that allocates nothing (most documents have none). */
function hasFolded(value: Json): boolean {
  if (!isContainer(value)) return false;
  if (isFolded(value)) return true;
  if (Array.isArray(value)) return value.some(hasFolded);
  for (const key in value) if (hasFolded(value[key])) return true;
  return false;
}

/** The value with every folded subtree parsed back; a value with none comes back as the same object (no copy on every read). */
export function unfold<T>(value: T): T {
  if (!hasFolded(value)) return value;
  if (isFolded(value)) return JSON.parse(value[FOLDED_KEY]) as T;
  const container = value as Record<string, Json> | Json[];
  return (Array.isArray(container) ? container.map(unfold) : Object.fromEntries(Object.entries(container).map(([k, v]) => [k, unfold(v)]))) as T;
}
