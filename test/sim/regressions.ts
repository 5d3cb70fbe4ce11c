// Failing runs the simulator found, shrunk: test/unit/sim-regressions.test.ts replays each.
import { fileURLToPath } from "node:url";

export const REGRESSIONS_FILE = fileURLToPath(new URL("./regressions.json", import.meta.url));

export interface RegressionCase {
  seed: number;
  operations: number;
  devices: number;
  skipListen: number;
  /** the chance of an app restart between operations (0 before restarts were simulated) */
  restarts: number;
  /** each operation drew from a stream of its own (ScenarioOptions.perOperation); absent in cases found before */
  perOperation?: boolean;
  /** the operations that still fail, when the shrink dropped some (else all of `operations`) */
  only?: number[];
  /** what failed when it was found */
  failure: string;
}
