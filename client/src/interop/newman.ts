// Newman's JSON reporter output ⇄ a collection run result (`runs`). The run's stats and
// timings map to fields; the per-request executions with their assertion outcomes are
// kept inline when small, in chunks otherwise; everything else stays in `extra`.
import { z } from "zod";
import { LIMITS } from "../../../schema/index.js";
import { parseFile } from "./parse.js";
import { decodeKeyOrder, encodeKeyOrder, inKeyOrder, keyOrderOf } from "./key-order.js";
import { ImportPlan, join, split } from "./plan.js";

type Json = Record<string, unknown>;

export const NewmanReportSchema = z.looseObject({
  collection: z.looseObject({ info: z.looseObject({ name: z.string(), _postman_id: z.string().optional() }) }),
  run: z.looseObject({
    stats: z.record(z.string(), z.unknown()),
    timings: z.looseObject({ started: z.number(), completed: z.number().optional() }),
    executions: z.array(z.looseObject({ item: z.looseObject({ name: z.string().optional() }).optional() })),
  }),
});
export type NewmanReport = z.infer<typeof NewmanReportSchema>;

export function parseNewmanReport(input: unknown): NewmanReport {
  return parseFile(input, NewmanReportSchema, { hint: " (expected newman's JSON reporter output)" });
}

/** Plans one run; `collectionId` links it to a syncgate collection (or keeps Postman's id). */
export function planRunImport(report: NewmanReport, collectionId: string): { plan: ImportPlan; runId: string } {
  const plan = new ImportPlan();
  const { stats, timings, executions } = report.run;
  const runId = crypto.randomUUID().replace(/-/g, "").slice(0, 20);
  const text = JSON.stringify(executions);
  const inline = executions.length <= LIMITS.listItems && text.length <= LIMITS.inlineText;
  plan.add(
    "runs",
    {
      collectionId,
      environmentId: null,
      name: report.collection.info.name,
      startedAt: timings.started,
      finishedAt: timings.completed ?? null,
      stats,
      results: inline ? (executions as Json[]) : undefined,
      resultsBlob: inline ? undefined : plan.blob("runs", runId, text),
      extra: {
        report: split(report as Json, ["run"], { ordered: true, ownOrder: ["run"] }).rest,
        // executions in chunks keep their key order as JSON text; inline ones need theirs kept
        run: { ...split(report.run as Json, ["stats", "executions"], { ordered: true, ownOrder: ["executions"] }).rest, ...(inline ? { $executionsOrder: encodeKeyOrder(keyOrderOf(executions)) } : {}) },
      },
    },
    "run",
    runId,
  );
  return { plan, runId };
}

export function exportRun(run: { stats: Json; results?: Json[] | undefined; extra?: Json | undefined }, executions: Json[]): Json {
  const extra = (run.extra ?? {}) as { report?: Json; run?: Json & { $executionsOrder?: string } };
  const { $executionsOrder, ...runRest } = extra.run ?? {};
  return join({ run: join({ stats: run.stats, executions: inKeyOrder(executions, decodeKeyOrder($executionsOrder)) }, runRest) }, extra.report);
}
