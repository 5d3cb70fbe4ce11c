// Firestore does not keep the key order of maps, and users who keep collections in git
// want an export that is byte-for-byte the file they imported. Each imported entity keeps
// the key order of the part of the file it came from (every nested object, as a compact
// tree in JSON text), and its export is put back in that order. Keys added later (an edit
// in the app) follow the known ones.
type Json = unknown;
/** An object's keys with the trees of its children; an array's element trees; 0 for a leaf. */
export type KeyTree = { k: string[]; c?: Record<string, KeyTree> } | KeyTree[] | 0;

const isObject = (v: Json): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The key order of `value`; the children named in `skip` (top level) are separate entities with their own. */
export function keyOrderOf(value: Json, skip: readonly string[] = []): KeyTree {
  if (Array.isArray(value)) {
    const items = value.map((v) => keyOrderOf(v));
    return items.some((t) => t !== 0) ? items : 0;
  }
  if (!isObject(value)) return 0;
  const c: Record<string, KeyTree> = {};
  for (const [k, v] of Object.entries(value)) {
    const tree = skip.includes(k) ? 0 : keyOrderOf(v);
    if (tree !== 0) c[k] = tree;
  }
  return Object.keys(c).length ? { k: Object.keys(value), c } : { k: Object.keys(value) };
}

/** `value` with its keys in the order of `tree`, recursively; unknown keys keep their place after the known ones. */
export function inKeyOrder<T>(value: T, tree: KeyTree | undefined): T {
  if (!tree) return value;
  if (Array.isArray(value)) return (Array.isArray(tree) ? value.map((v, i) => inKeyOrder(v, tree[i])) : value) as T;
  if (!isObject(value) || Array.isArray(tree)) return value;
  const out: Record<string, Json> = {};
  for (const k of tree.k) if (k in value) out[k] = inKeyOrder(value[k], tree.c?.[k]);
  for (const [k, v] of Object.entries(value)) if (!(k in out)) out[k] = v;
  return out as T;
}

export const encodeKeyOrder = (tree: KeyTree): string => JSON.stringify(tree);
export const decodeKeyOrder = (text: unknown): KeyTree | undefined => (typeof text === "string" ? (JSON.parse(text) as KeyTree) : undefined);
