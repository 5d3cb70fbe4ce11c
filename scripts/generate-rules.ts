// Generates firestore.rules from scripts/rules/template.rules and the zod schemas in
// schema/, so the rules and the client/functions validate the same fields with the same
// bounds. `--check` fails when the committed file differs (used by the tests).
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { ChunkSchema, ENTITY_KINDS, EntitySchemas, METADATA_FIELDS, RULE_EXTRAS } from "../schema/index.js";

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
};

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const OUTPUT = resolve(root, "firestore.rules");
const TEMPLATE = resolve(root, "scripts/rules/template.rules");

const lit = (v: unknown) => (typeof v === "string" ? `'${v.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'` : String(v));
const bounded = (n: number | undefined) => n !== undefined && Math.abs(n) < Number.MAX_SAFE_INTEGER;

/** A rules expression that holds when `v` satisfies the JSON schema node `s` (top level only). */
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
    case "number":
      parts.push(`${v} is ${type === "integer" ? "int" : "number"}`);
      if (bounded(s.minimum)) parts.push(`${v} >= ${s.minimum}`);
      if (bounded(s.maximum)) parts.push(`${v} <= ${s.maximum}`);
      break;
    case "boolean":
      parts.push(`${v} is bool`);
      break;
    case "array":
      parts.push(`${v} is list`);
      if (s.maxItems !== undefined) parts.push(`${v}.size() <= ${s.maxItems}`);
      break;
    case "object":
      parts.push(`${v} is map`);
      break;
    case undefined:
      return "true";
    default:
      throw new Error(`no rules check for JSON schema type ${type}`);
  }
  const all = parts.join(" && ");
  return nullable ? `(${v} == null || (${all}))` : `(${all})`;
}

function validator(fnName: string, schema: z.ZodObject, extraFields: readonly string[], extra?: string): string {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  const props = json.properties ?? {};
  const required = json.required ?? [];
  const allowed = [...Object.keys(props), ...extraFields];
  const lines = [
    `data.keys().hasAll([${required.map(lit).join(", ")}])`,
    `data.keys().hasOnly([${allowed.map(lit).join(", ")}])`,
    ...Object.entries(props).map(([key, s]) => {
      const c = check(s, `data.${key}`);
      return required.includes(key) ? c : `(!('${key}' in data) || ${c})`;
    }),
    ...(extra ? [extra] : []),
  ];
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
  return readFileSync(TEMPLATE, "utf8").replace("/*FIELD_CHECKS*/\n", checks).replace("/*ENTITY_MATCHES*/\n", matches);
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
