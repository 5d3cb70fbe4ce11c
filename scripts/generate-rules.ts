// Generates firestore.rules from scripts/rules/template.rules and the zod schemas in
// schema/, so the rules and the client/functions validate the same fields with the same
// bounds. `--check` fails when the committed file differs (used by the tests).
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { ChunkSchema, ENTITY_KINDS, EntitySchemas, IMPORT_GROUP_PREFIX, METADATA_FIELDS, RULE_EXTRAS, SECRET_ENVELOPE_PATTERN } from "../schema/index.js";

type JsonSchema = {
  type?: string | string[];
  anyOf?: JsonSchema[];
  enum?: unknown[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
};

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const OUTPUT = resolve(root, "firestore.rules");
const TEMPLATE = resolve(root, "scripts/rules/template.rules");

const lit = (v: unknown) => (typeof v === "string" ? `'${v.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'` : String(v));
const bounded = (n: number | undefined) => n !== undefined && Math.abs(n) < Number.MAX_SAFE_INTEGER;

/**
 * A rules expression that holds when `v` satisfies the JSON schema node `s`: types, sizes,
 * bounds, enumerations and finiteness, down every map at a fixed path. What rules cannot
 * express is left to the readers (the SDK validates every document it receives): the
 * elements of a variable-length list, since rules have no loops.
 */
function check(s: JsonSchema, v: string): string {
  if (s.anyOf) {
    const others = s.anyOf.filter((o) => o.type !== "null");
    const nullable = others.length < s.anyOf.length;
    const body = others.map((o) => check(o, v)).join(" || ");
    return nullable ? `(${v} == null || ${body})` : `(${body})`;
  }
  const types = [s.type ?? []].flat();
  const nullable = types.includes("null");
  const type = types.find((t) => t !== "null");
  const parts: string[] = [];
  switch (type) {
    case "string":
      parts.push(`${v} is string`);
      if (s.minLength) parts.push(`${v}.size() >= ${s.minLength}`);
      if (s.maxLength !== undefined) parts.push(`${v}.size() <= ${s.maxLength}`);
      if (s.enum) parts.push(`${v} in [${s.enum.map(lit).join(", ")}]`);
      break;
    case "integer":
      parts.push(`${v} is int`);
      break;
    case "number":
      // finite: NaN and ±Infinity (which no JSON file holds) times 0 is NaN, never 0
      parts.push(`(${v} is int || (${v} is float && ${v} * 0 == 0))`);
      break;
    case "boolean":
      parts.push(`${v} is bool`);
      break;
    case "array":
      parts.push(`${v} is list`);
      if (s.maxItems !== undefined) parts.push(`${v}.size() <= ${s.maxItems}`);
      break;
    case "object":
      parts.push(`${v} is map`, ...mapChecks(s, v));
      break;
    case undefined:
      return "true";
    default:
      throw new Error(`no rules check for JSON schema type ${type}`);
  }
  if ((type === "integer" || type === "number") && bounded(s.minimum)) parts.push(`${v} >= ${s.minimum}`);
  if ((type === "integer" || type === "number") && bounded(s.maximum)) parts.push(`${v} <= ${s.maximum}`);
  const all = parts.join(" && ");
  return nullable ? `(${v} == null || (${all}))` : `(${all})`;
}

/** Required keys, allowed keys (for closed maps) and each known key's check, of a map at `v`. */
function mapChecks(s: JsonSchema, v: string, extraFields: readonly string[] = []): string[] {
  const props = s.properties ?? {};
  const required = s.required ?? [];
  const lines: string[] = [];
  if (required.length) lines.push(`${v}.keys().hasAll([${required.map(lit).join(", ")}])`);
  if (s.additionalProperties === false) lines.push(`${v}.keys().hasOnly([${[...Object.keys(props), ...extraFields].map(lit).join(", ")}])`);
  for (const [key, node] of Object.entries(props)) {
    const c = check(node, `${v}[${lit(key)}]`);
    if (c !== "true") lines.push(required.includes(key) ? c : `(!(${lit(key)} in ${v}) || ${c})`);
  }
  return lines;
}

function validator(fnName: string, schema: z.ZodObject, extraFields: readonly string[], extra?: string): string {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  const lines = [...mapChecks({ ...json, additionalProperties: false }, "data", extraFields), ...(extra ? [extra] : [])];
  return `    function ${fnName}(data) {\n      return ${lines.join("\n        && ")};\n    }\n`;
}

const capital = (s: string) => s[0]!.toUpperCase() + s.slice(1);

export function generateRules(): string {
  const checks = [
    ...ENTITY_KINDS.map((kind) => validator(`valid${capital(kind)}`, EntitySchemas[kind], METADATA_FIELDS, RULE_EXTRAS[kind])),
    validator("validChunks", ChunkSchema, []),
  ].join("\n");
  const matches = ENTITY_KINDS.map(
    (kind) => `    match /users/{uid}/${kind}/{id} {
      allow get, list: if activeOwner(uid);
      allow create: if canCreate(uid, id) && valid${capital(kind)}(request.resource.data);
      allow update: if canUpdate(uid) && valid${capital(kind)}(request.resource.data);
      allow delete: if false;
    }
`,
  ).join("\n");
  return readFileSync(TEMPLATE, "utf8")
    .replace("/*FIELD_CHECKS*/\n", () => checks)
    .replace("/*ENTITY_MATCHES*/\n", () => matches)
    .replaceAll("/*SECRET_ENVELOPE*/", () => lit(`^(${SECRET_ENVELOPE_PATTERN})?$`))
    .replaceAll("/*IMPORT_GROUP_PREFIX*/", () => lit(IMPORT_GROUP_PREFIX))
    .replaceAll("/*IMPORT_GROUP_PATTERN*/", () => lit(`^${IMPORT_GROUP_PREFIX}.*`));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rules = generateRules();
  if (process.argv.includes("--check")) {
    if (readFileSync(OUTPUT, "utf8") !== rules) {
      console.error("firestore.rules is stale: run `npm run rules`");
      process.exit(1);
    }
  } else {
    writeFileSync(OUTPUT, rules);
    console.log(`wrote ${OUTPUT}`);
  }
}
