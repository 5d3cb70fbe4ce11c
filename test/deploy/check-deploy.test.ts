// The deploy check fails when a deploy would ship something broken: here functions/
// whose package.json lost a dependency the bundle needs (Cloud Build would install
// without it and the functions would not load). And the manifest declares the mail
// extension, pinned, configured for the collection the functions write.
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { MAIL } from "../../schema/index.js";

function checkDeploy(functionsDir: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["scripts/check-deploy.mjs", "--functions-dir", functionsDir], { env: { ...process.env, CHECK_DEPLOY_ONLY: "bundle" } });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("exit", (code) => resolve({ code, out }));
  });
}

it("fails, naming the missing module, for a functions bundle whose package.json lacks a dependency", async () => {
  const broken = mkdtempSync(join(tmpdir(), "syncgate-broken-functions-"));
  for (const entry of ["package.json", "lib", ".env"]) cpSync(join("functions", entry), join(broken, entry), { recursive: true });
  const pkg = JSON.parse(readFileSync(join(broken, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  delete pkg.dependencies["zod"];
  writeFileSync(join(broken, "package.json"), JSON.stringify(pkg, null, 2));
  const { code, out } = await checkDeploy(broken);
  expect(out).toMatch(/FAILED[\s\S]*Cannot find module 'zod'/);
  expect(code).toBe(1);
}, 180_000);

it("passes for the real functions bundle: it loads alone and exports the expected, capped functions", async () => {
  const { code, out } = await checkDeploy("functions");
  expect(out).toMatch(/ok \(1[23] functions, each capped\)/); // 13 with the opt-in blocking function, as npm test builds it
  expect(code).toBe(0);
}, 180_000);

it("firebase.json declares the Trigger Email extension, pinned, reading the collection the functions write", () => {
  const config = JSON.parse(readFileSync("firebase.json", "utf8")) as { extensions?: Record<string, string> };
  expect(config.extensions?.["firestore-send-email"]).toMatch(/^firebase\/firestore-send-email@\d+\.\d+\.\d+$/);
  const params = Object.fromEntries(
    readFileSync("extensions/firestore-send-email.env", "utf8")
      .split("\n")
      .filter((l) => l && !l.startsWith("#"))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
  expect(params["MAIL_COLLECTION"]).toBe(MAIL);
  expect(params["SMTP_PASSWORD"]).toMatch(/^projects\/\$\{param:PROJECT_NUMBER\}\/secrets\//);
  expect(params["TTL_EXPIRE_TYPE"]).toBe("never"); // our own TTL policy on expiresAt
});
