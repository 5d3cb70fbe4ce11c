// An import plan: every entity to write, with its id, validated up front against the
// shared schemas so a bad file writes nothing.
import { EntitySchemas, joinChunks, LIMITS, splitIntoChunks, VERSION_FIELD, type BlobOwnerKind, type Chunk, type EntityData, type EntityKind } from "../../../schema/index.js";
import { fold } from "../util/firestore-depth.js";
import { randomId } from "../util/storage.js";
import { ImportError, formatPath } from "./errors.js";
import { storageProblem } from "./firestore-limits.js";
import { decodeKeyOrder, encodeKeyOrder, inKeyOrder, keyOrderOf } from "./key-order.js";

export interface PlannedEntity {
  kind: EntityKind;
  id: string;
  data: Record<string, unknown>;
  /** where in the file it came from, for error messages */
  location: string;
}

export interface PlannedChunk {
  id: string;
  data: Record<string, unknown>;
}

type StrictSchemas = { [K in EntityKind]: ReturnType<(typeof EntitySchemas)[K]["strict"]> };
let strictSchemas: StrictSchemas | undefined;
/** Built once, on first use: making a zod schema costs far more than using it. */
const strictSchema = (kind: EntityKind) =>
  (strictSchemas ??= Object.fromEntries(Object.entries(EntitySchemas).map(([k, schema]) => [k, schema.strict()])) as StrictSchemas)[kind];

export class ImportPlan {
  readonly entities: PlannedEntity[] = [];
  readonly chunks: PlannedChunk[] = [];

  /**
   * Adds an entity, validated and checked against Firestore's limits before anything is
   * written. `vocabulary` renames entity fields to the file's own (initialValue → value)
   * in errors.
   */
  add<K extends EntityKind>(kind: K, data: EntityData<K> | Record<string, unknown>, location: string, id = randomId(), vocabulary: Record<string, string> = {}): string {
    // a path in our fields, in the file's words: renamed fields, and the kept rest (`extra`) as the file's own keys
    const inFileWords = (path: readonly PropertyKey[]) => {
      const [first, ...more] = path;
      if (first === undefined) return "";
      // a request keeps its item's keys under extra.item and its request's under extra.request
      if (first === "extra") return formatPath(more[0] === "item" ? more.slice(1) : more);
      return formatPath([vocabulary[String(first)] ?? first, ...more]);
    };
    const parsed = strictSchema(kind).safeParse(stripUndefined(data));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ImportError(location, `${inFileWords(issue.path) || kind}: ${issue.message}`);
    }
    const problem = storageProblem(fold(parsed.data as Record<string, unknown>), kind, inFileWords);
    if (problem) throw new ImportError(location, `this part of the file ${problem}`);
    this.entities.push({ kind, id, data: parsed.data as Record<string, unknown>, location });
    return id;
  }

  /** Text too long to keep inline goes to chunk documents; returns the BlobRef. */
  blob(ownerKind: BlobOwnerKind, ownerId: string, text: string): { id: string; chunks: number; chars: number } {
    const parts = splitIntoChunks(text);
    if (parts.length > LIMITS.chunksPerBlob) throw new ImportError(ownerKind, `a payload of ${text.length} characters exceeds the ${LIMITS.chunkChars * LIMITS.chunksPerBlob} limit`);
    const blobId = randomId();
    parts.forEach((data, index) =>
      this.chunks.push({ id: `${blobId}_${index}`, data: { blobId, ownerKind, ownerId, index, count: parts.length, data } }),
    );
    return { id: blobId, chunks: parts.length, chars: text.length };
  }

  get size(): number {
    return this.entities.length + this.chunks.length;
  }
}

/** The text a blob's planned chunks hold. */
export function chunkText(chunks: PlannedChunk[]): string {
  return joinChunks(chunks.map((c) => c.data as Chunk));
}

/** Firestore refuses undefined: drop it (recursively), keep null. */
export function stripUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(stripUndefined) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, stripUndefined(v)])) as T;
  }
  return value;
}

/**
 * Splits an object into the named fields and the rest; `$keys` remembers the original
 * keys and their presence, `$order` (with `ordered`) the key order of every object below,
 * except under the children in `ownOrder` (entities of their own, with their own order).
 */
export function split(source: Record<string, unknown>, named: readonly string[], options: { ordered?: boolean; ownOrder?: readonly string[] } = {}): { rest: Record<string, unknown> } {
  const rest = Object.fromEntries(Object.entries(source).filter(([k]) => !named.includes(k)));
  const order = options.ordered ? { $order: encodeKeyOrder(keyOrderOf(source, options.ownOrder)) } : {};
  return { rest: { ...rest, $keys: Object.keys(source), ...order } };
}

/** Rebuilds an object with the original keys and key order, from named values and the kept rest. */
export function join(named: Record<string, unknown>, rest: Record<string, unknown> | undefined): Record<string, unknown> {
  const { $keys, $order, ...others } = rest ?? {};
  const all: Record<string, unknown> = { ...others };
  for (const [k, v] of Object.entries(named)) if (v !== undefined) all[k] = v;
  const keys = Array.isArray($keys) ? ($keys as string[]) : Object.keys(all);
  return inKeyOrder(Object.fromEntries(keys.filter((k) => all[k] !== undefined).map((k) => [k, all[k]])), decodeKeyOrder($order));
}

/**
 * Of the candidate typed fields, those whose value fits the kind's schema, and the file
 * keys they came from. A value that does not fit (a string `responseTime`, which Postman's
 * schema allows) is not typed: it stays under its own key in the rest, exported as it was.
 */
export function fitting<K extends EntityKind>(kind: K, candidates: Record<string, [fileKey: string, value: unknown]>): { fields: Record<string, unknown>; named: string[] } {
  const shape = EntitySchemas[kind].shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
  const fields: Record<string, unknown> = {};
  const named: string[] = [];
  for (const [field, [fileKey, value]] of Object.entries(candidates)) {
    if (value === undefined || !shape[field]!.safeParse(stripUndefined(value)).success) continue;
    fields[field] = value;
    named.push(fileKey);
  }
  return { fields, named };
}

/** The typed values to export: a key the rest holds was not typed on import, so the rest's value stands. */
export function typedUnlessKept(rest: Record<string, unknown> | undefined, values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, rest && k in rest ? undefined : v]));
}

/**
 * The key under which an exported object carries the entity's fields the Postman format
 * has no place for: those of a newer schema version (which this app does not know, or
 * knows but does not map). An import keeps the key in `extra`, so the next export carries
 * them again, unchanged.
 */
export const CARRIED_KEY = "_syncgate";
/** what the SDK adds to an entity's fields (EntityMeta) */
const ENTITY_META = new Set(["id", "rev", "updatedAt", "updatedBy", "deleted", "pending", "needsRepair", "readOnly", "waiting"]);

/** `json` with the entity's fields the mapping does not use, under CARRIED_KEY (with the version they were written in). */
export function carried(kind: EntityKind, entity: object, json: Record<string, unknown>): Record<string, unknown> {
  const shape = EntitySchemas[kind].shape as Record<string, unknown>;
  const fields = entity as Record<string, unknown>;
  const unmapped = Object.entries(fields).filter(([k, v]) => !(k in shape) && !ENTITY_META.has(k) && v !== undefined);
  if (unmapped.length === 0) return json;
  const version = fields[VERSION_FIELD] === undefined ? {} : { [VERSION_FIELD]: fields[VERSION_FIELD] };
  return { ...json, [CARRIED_KEY]: { ...(json[CARRIED_KEY] as Record<string, unknown> | undefined), ...version, ...Object.fromEntries(unmapped) } };
}
