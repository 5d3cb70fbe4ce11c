// One simulated run: the shared scenario and checker on a SimWorld.
import { playScenario, type ScenarioReport } from "../convergence/scenario.js";
import { SimWorld, type SimOptions } from "./world.js";

export interface SimResult {
  report: ScenarioReport;
  /** the trace's hash: the same seed must give the same one */
  trace: string;
  steps: number;
}

export async function simulate(options: SimOptions & { operations: number; only?: readonly number[] }): Promise<SimResult> {
  const world = new SimWorld(options);
  try {
    const { seed, operations, perOperation, only } = options;
    const report = await playScenario(world, { seed, operations, ...(perOperation ? { perOperation } : {}), ...(only ? { only } : {}) });
    return { report, trace: world.scheduler.traceHash(), steps: world.scheduler.steps };
  } finally {
    world.close();
  }
}

/** A run's failure message, or undefined when it passes (for scans and the shrink). */
export function failureOf(options: Parameters<typeof simulate>[0]): Promise<string | undefined> {
  return simulate(options).then(
    () => undefined,
    (e: Error) => e.message,
  );
}
