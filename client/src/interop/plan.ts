// An import plan: every entity to write, with its id, validated up front against the
// shared schemas so a bad file writes nothing.
import { EntitySchemas, LIMITS, splitIntoChunks, type EntityData, type EntityKind } from "../../../schema/index.js";
import { randomId } from "../util/storage.js";
import { ImportError, formatPath } from "./errors.js";

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

  add<K extends EntityKind>(kind: K, data: EntityData<K> | Record<string, unknown>, location: string, id = randomId()): string {
    const parsed = strictSchema(kind).safeParse(stripUndefined(data));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ImportError(location, `${formatPath(issue.path) || kind}: ${issue.message}`);
    }
    this.entities.push({ kind, id, data: parsed.data as Record<string, unknown>, location });
    return id;
  }

  /** Text too long to keep inline goes to chunk documents; returns the BlobRef. */
  blob(ownerKind: "responses" | "runs", ownerId: string, text: string): { id: string; chunks: number; chars: number } {
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

/** Firestore refuses undefined: drop it (recursively), keep null. */
export function stripUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(stripUndefined) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, stripUndefined(v)])) as T;
  }
  return value;
}

/** Splits an object into the named fields and the rest; `$keys` remembers the original key order and presence. */
export function split(source: Record<string, unknown>, named: readonly string[]): { rest: Record<string, unknown> } {
  const rest = Object.fromEntries(Object.entries(source).filter(([k]) => !named.includes(k)));
  return { rest: { ...rest, $keys: Object.keys(source) } };
}

/** Rebuilds an object with the original key order, from named values and the kept rest. */
export function join(named: Record<string, unknown>, rest: Record<string, unknown> | undefined): Record<string, unknown> {
  const { $keys, ...others } = rest ?? {};
  const all: Record<string, unknown> = { ...others };
  for (const [k, v] of Object.entries(named)) if (v !== undefined) all[k] = v;
  const keys = Array.isArray($keys) ? ($keys as string[]) : Object.keys(all);
  return Object.fromEntries(keys.filter((k) => all[k] !== undefined).map((k) => [k, all[k]]));
}
