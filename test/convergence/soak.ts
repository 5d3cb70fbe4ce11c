// The long soak: thousands of random operations over 3 devices, in rounds, within a
// time bound. Run with `npm run soak` (it starts the emulators); settings:
// SYNCGATE_SOAK_OPS (default 3000), SYNCGATE_SOAK_MINUTES (default 15), SYNCGATE_SEED.
import { closeAdmins } from "../harness/admin.js";
import { runScenario } from "./emulator-world.js";

const totalOps = Number(process.env.SYNCGATE_SOAK_OPS ?? 3000);
const deadline = Date.now() + Number(process.env.SYNCGATE_SOAK_MINUTES ?? 15) * 60_000;
let seed = Number(process.env.SYNCGATE_SEED ?? Math.floor(Math.random() * 2 ** 31));
const ROUND = 500;

let done = 0;
try {
  while (done < totalOps && Date.now() < deadline) {
    const operations = Math.min(ROUND, totalOps - done);
    const report = await runScenario({ seed, operations, devices: 3 });
    done += operations;
    console.log(`round ok: ${JSON.stringify(report)} (${done}/${totalOps})`);
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
  }
  console.log(`soak passed: ${done} operations`);
} catch (error) {
  console.error(`soak FAILED after ${done} operations: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await closeAdmins();
  setTimeout(() => process.exit(), 1000).unref();
}
