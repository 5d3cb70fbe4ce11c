// `npm start`: builds the functions and runs the auth, firestore and functions emulators
// with the project's rules, keeping their data in .emulator-data between runs.
import { EMULATORS, firebase, run } from "./emulators.mjs";

const built = await run("npm", ["run", "build", "-w", "functions"]);
if (built !== 0) process.exit(built);
process.exit(
  await firebase(["emulators:start", "--only", EMULATORS, "--import", ".emulator-data", "--export-on-exit", ".emulator-data"]),
);
