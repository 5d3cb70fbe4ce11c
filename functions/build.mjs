// Bundles the functions with the shared schema (../schema) into lib/index.js, so that
// Cloud Build, which installs functions/ alone, finds no unresolved workspace import.
// npm packages stay external: they are this package's own dependencies.
import { build } from "esbuild";

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
});
