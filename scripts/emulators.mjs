// Runs firebase-tools with the project's emulator set-up. Used by `npm start` and `npm test`.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { useLocalFirestoreEmulator } from "./firestore-emulator.mjs";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const PROJECT_ID = process.env.SYNCGATE_PROJECT_ID ?? "demo-syncgate";
export const EMULATORS = "auth,firestore,functions";
/** Builds for the emulators include the opt-in blocking function: the Auth emulator runs it without Identity Platform. */
export const EMULATOR_BUILD_ENV = { ...process.env, SYNCGATE_BLOCK_CLIENT_SIGN_UP: "true" };

/** Spawns a command with inherited stdio; resolves with its exit code. */
export function run(cmd, args, opts = {}) {
  return new Promise((resolveRun, reject) => {
    const child = spawn(cmd, args, { cwd: root, stdio: "inherit", ...opts });
    child.on("error", reject);
    child.on("exit", (code, signal) => resolveRun(code ?? (signal ? 1 : 0)));
  });
}

/**
 * firebase-functions logs "Callable request verification passed" at DEBUG on every call.
 * The functions drop it themselves in production (shared/quiet-logs.ts), but the emulator
 * loads firebase-functions before them, so the line is dropped from its output here.
 */
const NOISE = /"Callable request verification passed"/;

/** Runs firebase-tools on the project (another demo-* project loads its own functions/.env.<project>). */
export async function firebase(args, { project = PROJECT_ID, env = {} } = {}) {
  console.log(`[syncgate] ${useLocalFirestoreEmulator()}`);
  const bin = resolve(root, "node_modules", ".bin", "firebase");
  return new Promise((resolveRun, reject) => {
    const child = spawn(bin, [...args, "--project", project], {
      cwd: root,
      stdio: ["inherit", "pipe", "inherit"],
      env: { ...process.env, FIREBASE_CLI_DISABLE_UPDATE_CHECK: "1", ...env },
    });
    createInterface({ input: child.stdout }).on("line", (line) => NOISE.test(line) || process.stdout.write(`${line}\n`));
    child.on("error", reject);
    child.on("exit", (code, signal) => resolveRun(code ?? (signal ? 1 : 0)));
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exit(await firebase(process.argv.slice(2)));
}
