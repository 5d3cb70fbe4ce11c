// Bundles the functions with the shared schema (../schema) into lib/index.js, so that
// Cloud Build, which installs functions/ alone, finds no unresolved workspace import.
// npm packages stay external: they are this package's own dependencies.
import { build } from "esbuild";

// Whether the bundle exports the blockClientSignUp blocking function. Decided at build
// time because function discovery sees no user environment: production blocking
// functions need Identity Platform, so it is opt-in there (`SYNCGATE_BLOCK_CLIENT_SIGN_UP=true
// firebase deploy`, the predeploy build inherits it); the emulator scripts turn it on.
const blockClientSignUp = process.env.SYNCGATE_BLOCK_CLIENT_SIGN_UP === "true";

await build({
  entryPoints: ["src/index.ts"],
  outfile: "lib/index.js",
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
  define: { "process.env.SYNCGATE_BLOCK_CLIENT_SIGN_UP": JSON.stringify(String(blockClientSignUp)) },
});
