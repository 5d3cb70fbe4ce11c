// `npm start`: builds the functions, runs the auth, firestore and functions emulators
// with the project's rules (data kept in .emulator-data between runs) and serves the
// demo web app on http://127.0.0.1:5173.
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { EMULATOR_BUILD_ENV, EMULATORS, firebase, root, run } from "./emulators.mjs";

const built = await run("npm", ["run", "build", "-w", "functions"], { env: EMULATOR_BUILD_ENV });
if (built !== 0) process.exit(built);
const web = spawn(resolve(root, "node_modules", ".bin", "vite"), ["--config", "web/vite.config.ts"], { cwd: root, stdio: "inherit" });
console.log("[syncgate] demo app: http://127.0.0.1:5173  (emulators: auth 9099, firestore 8080, functions 5001)");
const code = await firebase(["emulators:start", "--only", EMULATORS, "--import", ".emulator-data", "--export-on-exit", ".emulator-data"]);
web.kill();
process.exit(code);
