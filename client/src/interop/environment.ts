// Postman environment and globals exports ⇄ environments, environmentVariables, globals.
// `value` becomes the synced `initialValue`; a "secret" variable stays secret (encrypted
// on write); other keys are kept in `extra` and exported as they were.
import { LIMITS, secretEnvelopeLength, type EntityData } from "../../../schema/index.js";
import { TOO_LONG_SECRET, type VariableKind } from "../store/variables.js";
import { ImportError } from "./errors.js";
import { parseFile } from "./parse.js";
import { PmEnvironmentSchema, PmGlobalsSchema, type PmEnvironment, type PmGlobals } from "./format.js";
import { randomId } from "../util/storage.js";
import { carried, ImportPlan, join, split } from "./plan.js";

type Json = Record<string, unknown>;
type Variable = EntityData<"globals"> & { id: string };

export const parseEnvironment = (input: unknown): PmEnvironment => parseFile(input, PmEnvironmentSchema);
export const parseGlobals = (input: unknown): PmGlobals => parseFile(input, PmGlobalsSchema);

/** Errors name the file's fields, not ours. */
export const VARIABLE_VOCABULARY = { initialValue: "value", enabled: "enabled", key: "key" };

function variableData(plan: ImportPlan, kind: VariableKind, id: string, v: Json, index: number, location: string): Json {
  const value = v["value"];
  const type = v["type"] === "secret" ? "secret" : "default";
  const text = typeof value === "string" ? value : value === undefined ? "" : JSON.stringify(value);
  if (type === "secret" && secretEnvelopeLength(text) > LIMITS.variableValue) throw new ImportError(`${location}.value`, TOO_LONG_SECRET);
  // a long value (a minified script) goes to chunks, as long bodies do; secrets stay inline, encrypted
  const chunked = type !== "secret" && text.length > LIMITS.inlineText;
  return {
    key: v["key"],
    initialValue: chunked ? "" : text,
    ...(chunked ? { initialValueBlob: plan.blob(kind, id, text) } : {}),
    type,
    enabled: v["enabled"] !== false,
    order: index,
    extra: {
      ...split(v, ["key", "value", "enabled"], { ordered: true }).rest,
      valueType: typeof value === "string" ? undefined : value === undefined ? "absent" : "json",
      hadEnabled: "enabled" in v,
    },
  };
}

/** The variable's value: inline, or from the chunk texts read for the export (by blob id). */
function valueOf(v: EntityData<"globals">, inChunks: ReadonlyMap<string, string>): string {
  if (!v.initialValueBlob) return v.initialValue;
  const text = inChunks.get(v.initialValueBlob.id);
  if (text === undefined) throw new Error(`the value of ${v.key} is in chunks that were not read`);
  return text;
}

function variableJson(kind: "globals" | "environmentVariables", v: EntityData<"globals">, inChunks: ReadonlyMap<string, string>): Json {
  const { valueType, hadEnabled, $file: _file, ...rest } = (v.extra ?? {}) as Json & { valueType?: string; hadEnabled?: boolean; $file?: unknown };
  const text = valueOf(v, inChunks);
  const value = valueType === "absent" ? undefined : valueType === "json" ? JSON.parse(text) : text;
  return carried(kind, v, join({ key: v.key, value, enabled: hadEnabled === false ? undefined : v.enabled }, rest));
}

export function planEnvironmentImport(env: PmEnvironment): { plan: ImportPlan; environmentId: string } {
  const plan = new ImportPlan();
  const { name, values } = env;
  const environmentId = plan.add("environments", { name, extra: split(env as Json, ["name", "values"], { ordered: true, ownOrder: ["values"] }).rest }, "name");
  values.forEach((v, i) => {
    const id = randomId();
    plan.add("environmentVariables", { environmentId, ...variableData(plan, "environmentVariables", id, v as Json, i, `values[${i}]`) }, `values[${i}]`, id, VARIABLE_VOCABULARY);
  });
  return { plan, environmentId };
}

/** `inChunks`: the values kept in chunks, by blob id. */
export function exportEnvironment(env: EntityData<"environments">, variables: EntityData<"environmentVariables">[], inChunks: ReadonlyMap<string, string> = new Map()): Json {
  const values = [...variables].sort((a, b) => (a.order ?? 0) - (b.order ?? 0)).map((v) => variableJson("environmentVariables", v as unknown as EntityData<"globals">, inChunks));
  return carried("environments", env, join({ name: env.name, values }, env.extra));
}

export function planGlobalsImport(globals: PmGlobals): ImportPlan {
  const plan = new ImportPlan();
  // globals have no entity of their own: each keeps the file's other top-level fields and
  // key order, and an export takes them from the globals that came from a file
  const file = split(globals as Json, ["values"], { ordered: true, ownOrder: ["values"] }).rest;
  globals.values.forEach((v, i) => {
    const id = randomId();
    const data = variableData(plan, "globals", id, v as Json, i, `values[${i}]`);
    plan.add("globals", { ...data, extra: { ...(data["extra"] as Json), $file: file } }, `values[${i}]`, id, VARIABLE_VOCABULARY);
  });
  return plan;
}

/** `inChunks`: the values kept in chunks, by blob id. */
export function exportGlobals(globals: Variable[], inChunks: ReadonlyMap<string, string> = new Map()): Json {
  const sorted = [...globals].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  const file = sorted.map((g) => (g.extra as { $file?: Json } | undefined)?.$file).find((f) => f !== undefined);
  return join({ values: sorted.map((v) => variableJson("globals", v, inChunks)) }, file ?? { _postman_variable_scope: "globals" });
}
