// `npm start`: builds the functions, runs the auth, firestore and functions emulators
// with the project's rules (data kept in .emulator-data between runs) and serves the
// demo web app on http://127.0.0.1:5173. The app's address is printed last, once the
// emulators and the app answer, so the emulators' start-up log does not bury it.
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { EMULATOR_BUILD_ENV, EMULATORS, firebase, PROJECT_ID, root, run } from "./emulators.mjs";

const APP_URL = "http://127.0.0.1:5173";
const HUB = "http://127.0.0.1:4400/emulators";

const built = await run("npm", ["run", "build", "-w", "functions"], { env: EMULATOR_BUILD_ENV });
if (built !== 0) process.exit(built);
const web = spawn(resolve(root, "node_modules", ".bin", "vite"), ["--config", "web/vite.config.ts", "--logLevel", "warn"], { cwd: root, stdio: "inherit" });
const emulators = firebase(["emulators:start", "--only", EMULATORS, "--import", ".emulator-data", "--export-on-exit", ".emulator-data"]);

const answers = (url) => fetch(url).then((r) => r.ok, () => false);
/** The hub lists an emulator once it runs; the functions are loaded once a callable answers (not 404). */
const emulatorsUp = async () => {
  const running = await fetch(HUB).then((r) => r.json(), () => ({}));
  if (!EMULATORS.split(",").every((name) => name in running)) return false;
  const callable = `http://127.0.0.1:5001/${PROJECT_ID}/us-central1/recoverUsername`;
  const res = await fetch(callable, { method: "POST", headers: { "content-type": "application/json" }, body: '{"data":{"email":"-"}}' }).catch(() => undefined);
  return res !== undefined && res.status !== 404;
};
void (async () => {
  for (let waited = 0; waited < 180_000; waited += 500) {
    if ((await emulatorsUp()) && (await answers(APP_URL))) {
      await new Promise((r) => setTimeout(r, 1_000)); // after the emulators' own "ready" table
      console.log(`\n[syncgate] ready: open ${APP_URL}  (emulators: auth 9099, firestore 8080, functions 5001; Ctrl-C stops them)\n`);
      return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
})();

const code = await emulators;
web.kill();
process.exit(code);
