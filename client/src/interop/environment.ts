// Postman environment and globals exports ⇄ environments, environmentVariables, globals.
// `value` becomes the synced `initialValue`; a "secret" variable stays secret (encrypted
// on write); other keys are kept in `extra` and exported as they were.
import type { EntityData } from "../../../schema/index.js";
import { parseFile } from "./parse.js";
import { PmEnvironmentSchema, PmGlobalsSchema, type PmEnvironment, type PmGlobals } from "./format.js";
import { ImportPlan, join, split } from "./plan.js";

type Json = Record<string, unknown>;
type Variable = EntityData<"globals"> & { id: string };

export const parseEnvironment = (input: unknown): PmEnvironment => parseFile(input, PmEnvironmentSchema);
export const parseGlobals = (input: unknown): PmGlobals => parseFile(input, PmGlobalsSchema);

function variableData(v: Json, index: number): Json {
  const value = v["value"];
  const type = v["type"] === "secret" ? "secret" : "default";
  return {
    key: v["key"],
    initialValue: typeof value === "string" ? value : value === undefined ? "" : JSON.stringify(value),
    type,
    enabled: v["enabled"] !== false,
    order: index,
    extra: { ...split(v, ["key", "value", "enabled"]).rest, valueType: typeof value === "string" ? undefined : value === undefined ? "absent" : "json", hadEnabled: "enabled" in v },
  };
}

function variableJson(v: EntityData<"globals">): Json {
  const { valueType, hadEnabled, ...rest } = (v.extra ?? {}) as Json & { valueType?: string; hadEnabled?: boolean };
  const value = valueType === "absent" ? undefined : valueType === "json" ? JSON.parse(v.initialValue) : v.initialValue;
  return join({ key: v.key, value, enabled: hadEnabled === false ? undefined : v.enabled }, rest);
}

export function planEnvironmentImport(env: PmEnvironment): { plan: ImportPlan; environmentId: string } {
  const plan = new ImportPlan();
  const { name, values } = env;
  const environmentId = plan.add("environments", { name, extra: split(env as Json, ["name"]).rest }, "name");
  values.forEach((v, i) => plan.add("environmentVariables", { environmentId, ...variableData(v as Json, i) }, `values[${i}]`));
  return { plan, environmentId };
}

export function exportEnvironment(env: EntityData<"environments">, variables: EntityData<"environmentVariables">[]): Json {
  const values = [...variables].sort((a, b) => (a.order ?? 0) - (b.order ?? 0)).map((v) => variableJson(v as unknown as EntityData<"globals">));
  return join({ name: env.name, values }, env.extra);
}

export function planGlobalsImport(globals: PmGlobals): ImportPlan {
  const plan = new ImportPlan();
  globals.values.forEach((v, i) => plan.add("globals", variableData(v as Json, i), `values[${i}]`));
  return plan;
}

export function exportGlobals(globals: Variable[]): Json {
  return {
    _postman_variable_scope: "globals",
    values: [...globals].sort((a, b) => (a.order ?? 0) - (b.order ?? 0)).map(variableJson),
  };
}
