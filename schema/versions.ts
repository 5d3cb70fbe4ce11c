// Schema versions. Every entity document carries the version of the schema it was written
// with (`schemaVersion`; absent means 1, so the documents and the rules from before
// versions existed stay valid). The rules accept the current version and the one before
// (scripts/generate-rules.ts), so apps of both can share an account while an upgrade
// rolls out. Each version says how a document of the version before becomes one of its
// own, per kind, as declarative steps (RxDB's `migrationStrategies`, made declarative): the
// new version's schemas, its rules and the migration all follow from the same steps.
import { z } from "zod";
import { ENTITY_KINDS, type EntityKind } from "./kinds.js";
import { EntitySchemas } from "./entities.js";
import { VERSION_FIELD } from "./metadata.js";

export type MigrationStep =
  /** a new field; `default` fills it in older documents (a required field needs one) */
  | { add: string; schema: z.ZodType; default?: unknown }
  | { rename: string; to: string }
  /** a split or a join: the `from` fields give way to the `to` fields, computed by `by` */
  | { from: readonly string[]; to: Readonly<Record<string, z.ZodType>>; by: (fields: Readonly<Record<string, unknown>>) => Record<string, unknown> };

export interface SchemaVersion {
  readonly version: number;
  readonly entities: Readonly<Record<EntityKind, z.ZodObject>>;
  /** how a document of the version before becomes one of this version, per kind (kinds not named stay as they were) */
  readonly migrations: Readonly<Partial<Record<EntityKind, readonly MigrationStep[]>>>;
  readonly previous?: SchemaVersion;
}

/** The schema this code was written for. */
export const CURRENT_SCHEMA: SchemaVersion = { version: 1, entities: EntitySchemas, migrations: {} };

/** The version after `previous`, made by its migrations. */
export function nextSchema(previous: SchemaVersion, migrations: SchemaVersion["migrations"]): SchemaVersion {
  const entities = Object.fromEntries(ENTITY_KINDS.map((kind) => [kind, evolve(previous.entities[kind], migrations[kind] ?? [])])) as Record<EntityKind, z.ZodObject>;
  return { version: previous.version + 1, entities, migrations, previous };
}

function evolve(schema: z.ZodObject, steps: readonly MigrationStep[]): z.ZodObject {
  const shape: Record<string, z.ZodType> = { ...schema.shape };
  for (const step of steps) {
    if ("add" in step) {
      if (step.default === undefined && !step.schema.safeParse(undefined).success) throw new Error(`required field ${step.add} needs a default for older documents`);
      shape[step.add] = step.schema;
    } else if ("rename" in step) {
      shape[step.to] = shape[step.rename]!;
      delete shape[step.rename];
    } else {
      for (const field of step.from) delete shape[field];
      Object.assign(shape, step.to);
    }
  }
  return z.object(shape);
}

/** The version a document's fields were written with. */
export function versionOf(fields: Readonly<Record<string, unknown>>): number {
  const v = fields[VERSION_FIELD];
  return typeof v === "number" && Number.isInteger(v) && v > 0 ? v : 1;
}

/** What an upgrade changes: fields to set (the version among them) and fields that go. */
export interface Upgrade {
  set: Record<string, unknown>;
  remove: string[];
}

/**
 * The change that brings a document's fields up to `target`, through every version in
 * between; undefined when they are at `target` or newer (a newer document is never
 * brought down).
 */
export function upgradeOf(kind: EntityKind, fields: Readonly<Record<string, unknown>>, target: SchemaVersion): Upgrade | undefined {
  const from = versionOf(fields);
  if (from >= target.version) return undefined;
  const chain: SchemaVersion[] = [];
  for (let v: SchemaVersion | undefined = target; v && v.version > from; v = v.previous) chain.unshift(v);
  if (chain[0]?.version !== from + 1) throw new Error(`no migration from schema version ${from} to ${target.version}`);
  const now: Record<string, unknown> = { ...fields };
  for (const version of chain) for (const step of version.migrations[kind] ?? []) apply(now, step);
  now[VERSION_FIELD] = target.version;
  const set = Object.fromEntries(Object.entries(now).filter(([k, v]) => !Object.is(fields[k], v)));
  return { set, remove: Object.keys(fields).filter((k) => !(k in now)) };
}

/** The fields brought up to `target`; as they are when at it or newer. */
export function upgraded(kind: EntityKind, fields: Record<string, unknown>, target: SchemaVersion): Record<string, unknown> {
  const upgrade = upgradeOf(kind, fields, target);
  if (!upgrade) return fields;
  const out = { ...fields, ...upgrade.set };
  for (const field of upgrade.remove) delete out[field];
  return out;
}

function apply(fields: Record<string, unknown>, step: MigrationStep): void {
  if ("add" in step) {
    if (!(step.add in fields) && step.default !== undefined) fields[step.add] = step.default;
  } else if ("rename" in step) {
    if (step.rename in fields) fields[step.to] = fields[step.rename];
    delete fields[step.rename];
  } else {
    const made = step.by(fields);
    for (const field of step.from) delete fields[field];
    Object.assign(fields, made);
  }
}
