// `npm test`: builds, type-checks (the whole suite only), then runs the whole vitest suite inside `firebase emulators:exec`,
// which starts the emulators, waits for them, and stops them when the tests end.
// Extra arguments are passed to vitest (e.g. `npm test -- test/rules`).
// Without them the bench's smoke test runs last, on its own.
//
// The App Check test runs a second time on emulators whose project turns enforcement on
// (functions/.env.demo-syncgate-appcheck): a param is fixed for an emulator's lifetime.
import { EMULATOR_BUILD_ENV, EMULATORS, firebase, run } from "./emulators.mjs";

const APP_CHECK_TEST = "test/functions/app-check.test.ts";
const APP_CHECK_ENFORCED = { project: "demo-syncgate-appcheck", env: { SYNCGATE_APP_CHECK: "enforced" } };

// the functions bundle for the emulator, the client for the `syncgate` bin the CLI tests run
const built = await run("npm", ["run", "build", "--workspaces"], { env: EMULATOR_BUILD_ENV });
if (built !== 0) process.exit(built);
const args = process.argv.slice(2);
// the whole suite type-checks first: the tests, the web app and the scripts are typed code too
if (args.length === 0) {
  const typed = await run("npm", ["run", "typecheck"]);
  if (typed !== 0) process.exit(typed);
}
const vitest = (list) => `npx vitest run ${list.map((a) => JSON.stringify(a)).join(" ")}`.trim();
// the bench's smoke test asserts no timing but loads the emulators hard (a browser's
// WebChannel listens among them): with no filter it runs after the rest, alone
const BENCH_TEST = "test/bench/**";
const suite = args.length > 0 ? vitest(args) : `${vitest(["--exclude", BENCH_TEST])} && ${vitest([BENCH_TEST.replace("/**", "")])}`;
const main = await firebase(["emulators:exec", "--only", EMULATORS, suite]);
if (main !== 0) process.exit(main);
// vitest's filters are substrings of a file's path: no filter selects every file
const filters = args.filter((a) => !a.startsWith("-")).map((a) => a.replace(/^\.\//, ""));
const appCheckSelected = filters.length === 0 || filters.some((f) => APP_CHECK_TEST.includes(f));
if (!appCheckSelected) process.exit(0);
console.log("[syncgate] App Check test again, with ENFORCE_APP_CHECK=true");
process.exit(await firebase(["emulators:exec", "--only", EMULATORS, vitest([APP_CHECK_TEST])], APP_CHECK_ENFORCED));
