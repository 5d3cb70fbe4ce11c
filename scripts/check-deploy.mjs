// `npm run check:deploy`: what `firebase deploy` and Cloud Build will do with this repo,
// checked here first. Exits non-zero, naming the step, when a deploy would fail or ship
// something broken:
//  1. the functions build;
//  2. functions/ alone, installed as Cloud Build installs it (production dependencies
//     only, no workspace), loads, and exports exactly the expected functions;
//  3. firestore.rules compiles (the Firestore emulator is the compiler);
//  4. firestore.indexes.json holds what the code's queries need (test/rules/indexes.test.ts);
//  5. every param the functions read is documented in the README.
// `--functions-dir <dir>` checks another functions directory (the tests break a copy).
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { root } from "./emulators.mjs";

/** The functions a deploy must contain, and nothing else but the opt-in blocking function. */
const OPT_IN = "blockClientSignUp";
export const EXPECTED_FUNCTIONS = [
  "claimSession", "confirmPassword", "createAccount", "deleteAccount", "onAuthUserDeleted", "purgeTrash",
  "recoverUsername", "releaseSession", "requestPasswordReset", "revokeSession", "signInWithUsername", "sweepSessions",
];

const { values } = parseArgs({ options: { "functions-dir": { type: "string" }, "skip-build": { type: "boolean" } } });
const functionsDir = resolve(values["functions-dir"] ?? join(root, "functions"));
let failed = false;

function step(name, check) {
  process.stdout.write(`check:deploy ${name} … `);
  try {
    const detail = check();
    console.log(`ok${detail ? ` (${detail})` : ""}`);
  } catch (e) {
    failed = true;
    console.log(`FAILED\n  ${String(e.message ?? e).split("\n").join("\n  ")}`);
  }
}

function sh(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" } });
  if (r.status === 0) return r.stdout;
  const lines = `${r.stderr}\n${r.stdout}`.trim().split("\n");
  // the error itself (a stack trace ends with frames, not with what went wrong)
  const cause = lines.find((l) => /\b(Error|error|ERR!)\b|Cannot find/.test(l)) ?? lines.at(-1) ?? "";
  const what = args[0] === "-e" ? `${cmd} (a load probe)` : `${cmd} ${args.join(" ")}`;
  throw new Error(`${what}: exit ${r.status}\n${cause.trim()}`);
}

// CHECK_DEPLOY_ONLY=bundle,params runs some steps (the tests break a copy and run one)
const only = new Set((process.env.CHECK_DEPLOY_ONLY ?? "build,bundle,rules,indexes,params").split(","));

if (only.has("build") && !values["functions-dir"]) step("functions build", () => void sh("npm", ["run", "build", "-w", "functions"], root));

if (only.has("bundle")) {
  step("functions/ alone, installed as Cloud Build installs it, loads and exports the expected functions", () => {
    if (!existsSync(join(functionsDir, "lib", "index.js"))) throw new Error(`${functionsDir}/lib/index.js is missing: build the functions first`);
    const dir = mkdtempSync(join(tmpdir(), "syncgate-deploy-check-"));
    try {
      for (const entry of readdirSync(functionsDir)) if (!["node_modules", "src"].includes(entry)) cpSync(join(functionsDir, entry), join(dir, entry), { recursive: true });
      sh("npm", ["install", "--omit=dev", "--no-package-lock", "--ignore-scripts", "--prefer-offline", "--no-audit", "--no-fund"], dir);
      const probe = `process.env.GCLOUD_PROJECT ??= "demo-deploy-check";
        const m = require("./lib/index.js");
        const fns = Object.entries(m).filter(([, f]) => typeof f === "function" && (f.__endpoint || f.__trigger));
        console.log(JSON.stringify(fns.map(([name, f]) => ({ name, capped: f.__endpoint?.maxInstances != null }))));`;
      const loaded = JSON.parse(sh(process.execPath, ["-e", probe], dir).trim().split("\n").at(-1));
      const names = loaded.map((f) => f.name).sort();
      const missing = EXPECTED_FUNCTIONS.filter((n) => !names.includes(n));
      const unexpected = names.filter((n) => !EXPECTED_FUNCTIONS.includes(n) && n !== OPT_IN);
      if (missing.length || unexpected.length) throw new Error(`missing: ${missing.join(", ") || "none"}; unexpected: ${unexpected.join(", ") || "none"}`);
      const uncapped = loaded.filter((f) => !f.capped).map((f) => f.name);
      if (uncapped.length) throw new Error(`no maxInstances cap on ${uncapped.join(", ")}`);
      return `${names.length} functions, each capped`;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

if (only.has("rules")) {
  step("firestore.rules compiles (loaded into the Firestore emulator)", () => {
    sh(process.execPath, [join(root, "scripts", "emulators.mjs"), "emulators:exec", "--only", "firestore", `node ${join(root, "scripts", "load-rules.mjs")}`], root);
  });
}

if (only.has("indexes")) {
  step("firestore.indexes.json covers the code's queries, TTL policies and exemptions", () => void sh(process.execPath, [join(root, "node_modules", "vitest", "vitest.mjs"), "run", "test/rules/indexes.test.ts"], root));
}

if (only.has("params")) {
  step("every param the functions read is documented in the README", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const sources = readdirSync(join(root, "functions", "src"), { recursive: true }).filter((f) => String(f).endsWith(".ts"));
    const params = new Set(sources.flatMap((f) => [...readFileSync(join(root, "functions", "src", String(f)), "utf8").matchAll(/define(?:Int|String|Boolean|Secret)\("([A-Z0-9_]+)"/g)].map((m) => m[1])));
    const missing = [...params].filter((p) => !readme.includes(`\`${p}\``));
    if (missing.length) throw new Error(`not in README.md: ${missing.join(", ")}`);
    return `${params.size} params`;
  });
}

process.exit(failed ? 1 : 0);
