// Valid entity data for every kind, built to the shared schemas, for rules, functions
// and client tests alike.
import { z } from "zod";
import { CURRENT_SCHEMA, EntitySchemas, VERSION_FIELD, type EntityData, type EntityKind } from "../../schema/index.js";
import type { JsonSchema } from "../../scripts/generate-rules.js";

const samples: { [K in EntityKind]: EntityData<K> } = {
  collections: { name: "Payments API", description: "Cards and refunds", variables: [{ key: "base", value: "https://api.test" }] },
  folders: { collectionId: "c1", parentFolderId: null, name: "Auth", order: 1 },
  requests: {
    collectionId: "c1",
    folderId: "f1",
    name: "Login",
    method: "POST",
    url: { raw: "{{base}}/login", host: ["{{base}}"], path: ["login"] },
    headers: [{ key: "Content-Type", value: "application/json" }],
    body: { mode: "raw", raw: '{"user":"alice"}', options: { raw: { language: "json" } } },
    order: 1,
  },
  responses: { requestId: "r1", collectionId: "c1", name: "200 OK", code: 200, status: "OK", headers: [], body: '{"token":"t"}' },
  headerPresets: { name: "JSON", headers: [{ key: "Accept", value: "application/json" }] },
  environments: { name: "Staging" },
  environmentVariables: { environmentId: "e1", key: "token", initialValue: "abc", type: "default", enabled: true },
  globals: { key: "apiKey", initialValue: "k-123", type: "default", enabled: true },
  runs: { collectionId: "c1", environmentId: null, name: "Nightly", startedAt: 1_700_000_000_000, stats: { requests: { total: 1, failed: 0 } }, results: [] },
};

/** A fresh valid data object of `kind` (no sync metadata), with `overrides` applied. */
export function entityData<K extends EntityKind>(kind: K, overrides: Partial<EntityData<K>> = {}): EntityData<K> {
  const data = { ...structuredClone(samples[kind]), ...overrides };
  return EntitySchemas[kind].parse(data) as EntityData<K>;
}

/** The first field the schema requires, for "missing required field" cases. */
export function requiredField(kind: EntityKind): string {
  const shape = EntitySchemas[kind].shape as Record<string, { isOptional(): boolean }>;
  return Object.keys(shape).find((k) => !shape[k]!.isOptional())!;
}

/** A field edit every kind accepts: a new name, or a new key for variables. */
export function anEdit(kind: EntityKind, value = "Edited"): Record<string, string> {
  return kind === "globals" || kind === "environmentVariables" ? { key: value } : { name: value };
}

/** A value in the exact shape of a secret envelope (12-byte IV, 16-byte tag), as the SDK's cipher makes them. */
export function anEnvelope(seed = "A"): string {
  return `sg1:${seed.repeat(16).slice(0, 16)}.${seed.repeat(22).slice(0, 22)}==`;
}


/** A value of the JSON schema node with every optional field present, down every map: what costs the rules the most. */
function heaviest(node: JsonSchema, variant: 0 | 1): unknown {
  if (node.anyOf) return heaviest(node.anyOf.find((n) => n.type !== "null") ?? {}, variant);
  if (node.enum) return node.enum[variant];
  switch ([node.type ?? []].flat().find((t) => t !== "null")) {
    case "string":
      return "xy"[variant]!.repeat(node.minLength ?? 1);
    case "integer":
    case "number":
      return (node.minimum ?? 1) + variant;
    case "boolean":
      return variant === 1;
    case "array":
      return variant && node.items ? [heaviest(node.items, variant)] : [];
    case "object":
      return Object.fromEntries(Object.entries(node.properties ?? {}).map(([k, v]) => [k, heaviest(v, variant)]));
    default:
      return {};
  }
}

/**
 * Valid data of `kind` with every field the schema names present, nested maps included:
 * the write the rules spend the most expressions on. Variant 1 differs from variant 0 in
 * every field but the bookkeeping ones (which an edit may not change).
 */
export function heaviestData(kind: EntityKind, variant: 0 | 1 = 0): Record<string, unknown> {
  const data = heaviest(z.toJSONSchema(EntitySchemas[kind], { io: "input", unrepresentable: "any" }) as JsonSchema, variant) as Record<string, unknown>;
  // the version field names the current version, which is absent at version 1
  const version = CURRENT_SCHEMA.version > 1 ? { [VERSION_FIELD]: CURRENT_SCHEMA.version } : {};
  const { [VERSION_FIELD]: _, ...fields } = data;
  const withBookkeeping = { ...fields, ...version, conflictOf: "c1", importedWith: "i1", deletedWith: "d1", deletion: "op1" };
  // a secret costs the most: its values are held to the envelope pattern (and its value
  // is never in chunks, which the rules check too)
  const secret = "initialValue" in data ? { type: "secret", initialValue: anEnvelope("AB"[variant]), currentValue: anEnvelope("CD"[variant]), initialValueBlob: null } : {};
  return EntitySchemas[kind].parse({ ...withBookkeeping, ...secret }) as Record<string, unknown>;
}
