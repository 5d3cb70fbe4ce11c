// `npm test`: builds, then runs the whole vitest suite inside `firebase emulators:exec`,
// which starts the emulators, waits for them, and stops them when the tests end.
// Extra arguments are passed to vitest (e.g. `npm test -- test/rules`).
import { EMULATOR_BUILD_ENV, EMULATORS, firebase, run } from "./emulators.mjs";

// the functions bundle for the emulator, the client for the `syncgate` bin the CLI tests run
const built = await run("npm", ["run", "build", "--workspaces"], { env: EMULATOR_BUILD_ENV });
if (built !== 0) process.exit(built);
const vitestArgs = process.argv.slice(2).map((a) => JSON.stringify(a)).join(" ");
process.exit(await firebase(["emulators:exec", "--only", EMULATORS, `npx vitest run ${vitestArgs}`]));
