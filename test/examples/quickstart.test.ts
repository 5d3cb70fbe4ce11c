// The README's SDK examples are examples/quickstart.ts and examples/react-requests.tsx,
// word for word; they compile against the built package (as an app imports it: ESM,
// `@syncgate/client` and its `/node` and `/react` subpaths), and the quickstart runs to
// the end against the suite's emulators, as it would against `npm start`.
import { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { afterAll, expect, it } from "vitest";

const run = (cmd: string, args: string[]) =>
  new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(cmd, args, { env: process.env });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("exit", (code) => resolve({ code, out }));
  });

afterAll(() => rmSync(".syncgate-quickstart.json", { force: true }));

it.each(["quickstart.ts", "react-requests.tsx"])("the README shows examples/%s as it is", (file) => {
  const readme = readFileSync("README.md", "utf8");
  const block = new RegExp(`<!-- examples/${file.replace(".", "\\.")} -->\n\`\`\`tsx?\n([\\s\\S]*?)\`\`\``).exec(readme)?.[1];
  expect(block).toBe(readFileSync(`examples/${file}`, "utf8"));
});

it("compiles with tsc against the built package", async () => {
  const { code, out } = await run(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "examples/tsconfig.json"]);
  expect(out).toBe("");
  expect(code).toBe(0);
}, 60_000);

it("runs to the end: signs up, syncs a collection and a request, signs out", async () => {
  const { code, out } = await run(process.execPath, ["--import", "tsx", "examples/quickstart.ts"]);
  expect(out).toMatch(/status: IN_SYNC/);
  expect(out).toMatch(/^PUT Login$/m);
  expect(out.trim().split("\n").at(-1)).toBe("status: OFFLINE");
  expect(code).toBe(0);
}, 60_000);
