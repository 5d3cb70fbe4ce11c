// Generates firestore.rules from scripts/rules/template.rules and the zod schemas in
// schema/, so the rules and the client/functions validate the same fields with the same
// bounds. `--check` fails when the committed file differs (used by the tests).
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { ChunkSchema, CURRENT_SCHEMA, ENTITY_KINDS, IMPORT_GROUP_PREFIX, METADATA_FIELDS, RULE_EXTRAS, SECRET_ENVELOPE_PATTERN, VERSION_FIELD, type SchemaVersion } from "../schema/index.js";

/** The parts of a JSON schema (as zod writes them) the rules and the tests read. */
export type JsonSchema = {
  /** a shared shape's name (zod `.meta({ title })`): its rules function is valid<title> */
  title?: string;
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
  items?: JsonSchema;
};

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const OUTPUT = resolve(root, "firestore.rules");
const TEMPLATE = resolve(root, "scripts/rules/template.rules");

const lit = (v: unknown) => (typeof v === "string" ? `'${v.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'` : String(v));
const bounded = (n: number | undefined) => n !== undefined && Math.abs(n) < Number.MAX_SAFE_INTEGER;
const capital = (s: string) => s[0]!.toUpperCase() + s.slice(1);
/** `v.key`, or `v['key']` where the key is no plain name */
const member = (v: string, key: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${v}.${key}` : `${v}[${lit(key)}]`);
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Rules expressions for a set of schemas. Firestore stops evaluating after 1,000
 * expressions per written document, so the output is frugal: maps at a fixed path get a
 * function of their own (`m.key` instead of the long path), enumerations are one regex
 * instead of a list literal (which costs an expression per element), and checks are
 * written inline (a helper function costs more than it saves). test/rules/budget.rules.test.ts
 * holds the heaviest document of every kind to the limit, with room to spare.
 */
class RulesWriter {
  /** map-check functions by body, so a shape used in several places (auth, blob refs) is written once */
  private readonly byBody = new Map<string, string>();
  readonly functions: string[] = [];

  /**
   * A rules expression that holds when `v` satisfies the JSON schema node `s`: types, sizes,
   * bounds, enumerations and finiteness, down every map at a fixed path. What rules cannot
   * express is left to the readers (the SDK validates every document it receives): the
   * elements of a variable-length list, since rules have no loops.
   */
  check(s: JsonSchema, v: string, name: string): string {
    if (s.anyOf) {
      const others = s.anyOf.filter((o) => o.type !== "null");
      const body = others.map((o) => this.check(o, v, name)).join(" || ");
      return others.length < s.anyOf.length ? `(${v} == null || ${body})` : `(${body})`;
    }
    const types = [s.type ?? []].flat();
    const type = types.find((t) => t !== "null");
    const c = this.typed(s, type, v, name);
    return c !== "true" && types.includes("null") ? `(${v} == null || ${c})` : c;
  }

  private typed(s: JsonSchema, type: string | undefined, v: string, name: string): string {
    const range = (min: number | undefined, max: number | undefined) =>
      [bounded(min) ? ` && ${v} >= ${min}` : "", bounded(max) ? ` && ${v} <= ${max}` : ""].join("");
    switch (type) {
      case "string": {
        const parts = [`${v} is string`];
        if (s.enum) parts.push(`${v}.matches(${lit(`^(${s.enum.map((e) => escapeRegex(String(e))).join("|")})$`)})`);
        // a short bound is one regex (RE2 repeats at most 1,000 times), cheaper than two sizes
        if (s.maxLength !== undefined && s.maxLength <= 1000) parts.push(`${v}.matches(${lit(`(?s).{${s.minLength ?? 0},${s.maxLength}}`)})`);
        else {
          if (s.minLength) parts.push(`${v}.size() >= ${s.minLength}`);
          if (s.maxLength !== undefined) parts.push(`${v}.size() <= ${s.maxLength}`);
        }
        return parts.length > 1 ? `(${parts.join(" && ")})` : parts[0]!;
      }
      case "integer":
        return `(${v} is int${range(s.minimum, s.maximum)})`;
      case "number":
        // finite: NaN and ±Infinity (which no JSON file holds) times 0 is NaN, never 0
        return `((${v} is int || (${v} is float && ${v} * 0 == 0))${range(s.minimum, s.maximum)})`;
      case "boolean":
        return `${v} is bool`;
      case "array":
        return s.maxItems !== undefined ? `(${v} is list && ${v}.size() <= ${s.maxItems})` : `${v} is list`;
      case "object":
        if (!s.properties || Object.keys(s.properties).length === 0) return `${v} is map`;
        return `${this.shared(name, s)}(${v})`;
      case undefined:
        return "true";
      default:
        throw new Error(`no rules check for JSON schema type ${type}`);
    }
  }

  /** The name of the function checking maps of shape `s`, written on first use. */
  private shared(path: string, s: JsonSchema): string {
    const name = s.title ? `valid${s.title}` : path;
    const body = this.mapChecks(name, s);
    const known = this.byBody.get(body);
    if (known) return known;
    const taken = new Set(this.byBody.values());
    let unique = name;
    for (let n = 2; taken.has(unique); n++) unique = `${name}${n}`;
    this.byBody.set(body, unique);
    this.functions.push(`    function ${unique}(m) {\n      return ${body};\n    }\n`);
    return unique;
  }

  /** The checks of a map `m` at a fixed path: required and (if closed) allowed keys, each key's value. */
  private mapChecks(name: string, s: JsonSchema): string {
    const props = s.properties ?? {};
    const required = s.required ?? [];
    const lines = [`m is map`];
    if (required.length) lines.push(`m.keys().hasAll([${required.map(lit).join(", ")}])`);
    if (s.additionalProperties === false) lines.push(`m.keys().hasOnly([${Object.keys(props).map(lit).join(", ")}])`);
    for (const [key, node] of Object.entries(props)) {
      const c = this.check(node, member("m", key), `${name}${capital(key)}`);
      if (c !== "true") lines.push(required.includes(key) ? c : `(!(${lit(key)} in m) || ${c})`);
    }
    return lines.join("\n        && ");
  }

  /**
   * The check of an entity document: its keys, its required fields, and each optional
   * field in `changed` (all present ones on create; on update only those the write
   * changes, since the others passed when they were written).
   */
  entity(name: string, schema: z.ZodObject, extraFields: readonly string[], extra?: string): string {
    const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
    const props = json.properties ?? {};
    const required = json.required ?? [];
    const lines: string[] = [];
    if (required.length) lines.push(`data.keys().hasAll([${required.map(lit).join(", ")}])`);
    lines.push(`data.keys().hasOnly([${[...Object.keys(props), ...extraFields].map(lit).join(", ")}])`);
    for (const [key, node] of Object.entries(props)) {
      const c = this.check(node, member("data", key), `valid${capital(key)}`);
      if (c !== "true") lines.push(required.includes(key) ? c : `(!(${lit(key)} in changed) || ${c})`);
    }
    if (extra) lines.push(extra);
    return `    function ${name}(data, changed) {\n      return ${lines.join("\n        && ")};\n    }\n`;
  }

  /** A closed map checked whole (chunks are create-only). */
  document(name: string, schema: z.ZodObject): string {
    const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
    return `    function ${name}(m) {\n      return ${this.mapChecks(name, { ...json, additionalProperties: false })};\n    }\n`;
  }
}

/**
 * The rules for `schema` (default: the current one). Entity documents of its version and
 * of the version before are accepted, each checked against its own version's schema, so
 * apps of both versions can share an account during an upgrade (README, "Upgrading").
 */
export function generateRules(schema: SchemaVersion = CURRENT_SCHEMA): string {
  const writer = new RulesWriter();
  const versions = [schema, ...(schema.previous ? [schema.previous] : [])];
  const version = `data.get(${lit(VERSION_FIELD)}, 1)`;
  const checks = [
    ...ENTITY_KINDS.flatMap((kind) => [
      `    function valid${capital(kind)}(data, changed) {\n      return ${versions.map((v) => `(${version} == ${v.version} && valid${capital(kind)}V${v.version}(data, changed))`).join("\n        || ")};\n    }\n`,
      ...versions.map((v) => writer.entity(`valid${capital(kind)}V${v.version}`, v.entities[kind], METADATA_FIELDS, RULE_EXTRAS[kind])),
    ]),
    writer.document("validChunks", ChunkSchema),
  ];
  const matches = ENTITY_KINDS.map(
    (kind) => `    match /users/{uid}/${kind}/{id} {
      allow get, list: if activeOwner(uid);
      allow create: if canCreate(uid, id, request.resource.data)
        && valid${capital(kind)}(request.resource.data, request.resource.data.keys());
      allow update: if canUpdate(uid, request.resource.data, resource.data)
        && valid${capital(kind)}(request.resource.data, changedFields(request.resource.data, resource.data));
      allow delete: if false;
    }
`,
  ).join("\n");
  return readFileSync(TEMPLATE, "utf8")
    .replace("/*FIELD_CHECKS*/\n", () => [...writer.functions, ...checks].join("\n"))
    .replace("/*ENTITY_MATCHES*/\n", () => matches)
    .replace("/*SCHEMA_VERSIONS*/", () => versions.map((v) => v.version).join(" and "))
    .replaceAll("/*SECRET_ENVELOPE*/", () => lit(`^(${SECRET_ENVELOPE_PATTERN})?$`))
    .replaceAll("/*IMPORT_GROUP_PREFIX*/", () => lit(IMPORT_GROUP_PREFIX))
    .replaceAll("/*IMPORT_GROUP_PATTERN*/", () => lit(`^${IMPORT_GROUP_PREFIX}.*`));
}

/** A version's entity schemas as JSON Schema: what test/fixtures/schema/ freezes of each released version. */
export function schemaJson(schema: SchemaVersion): string {
  const kinds = Object.fromEntries(ENTITY_KINDS.map((kind) => [kind, z.toJSONSchema(schema.entities[kind], { io: "input", unrepresentable: "any" })]));
  return `${JSON.stringify(kinds, null, 1)}\n`;
}

export const frozenPath = (version: number, ext: "json" | "rules") => resolve(root, `test/fixtures/schema/v${version}.${ext}`);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rules = generateRules();
  if (process.argv.includes("--freeze")) {
    // a released version: its schemas and rules, which test/unit/schema-versions.test.ts holds it to
    writeFileSync(frozenPath(CURRENT_SCHEMA.version, "json"), schemaJson(CURRENT_SCHEMA));
    writeFileSync(frozenPath(CURRENT_SCHEMA.version, "rules"), rules);
    console.log(`froze schema version ${CURRENT_SCHEMA.version}`);
  } else if (process.argv.includes("--check")) {
    if (readFileSync(OUTPUT, "utf8") !== rules) {
      console.error("firestore.rules is stale: run `npm run rules`");
      process.exit(1);
    }
  } else {
    writeFileSync(OUTPUT, rules);
    console.log(`wrote ${OUTPUT}`);
  }
}
