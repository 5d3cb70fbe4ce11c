// The sync protocol (client/src/sync/) is pure: it never imports Firebase, not even through
// a utility, and never the layers built on it (the stores that do Firestore's I/O, the
// status, interop, the client), so it runs and is tested without an emulator.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { expect, it } from "vitest";

const SYNC = "client/src/sync";
const imports = (file: string) => [...readFileSync(file, "utf8").matchAll(/^\s*(?:import|export)[^;]*?from\s+"([^"]+)"/gm)].map((m) => m[1]!);
const syncFiles = () => readdirSync(SYNC).filter((f) => f.endsWith(".ts")).map((f) => join(SYNC, f));

it("client/src/sync imports only itself, the schema and the utilities", () => {
  expect(syncFiles().length).toBeGreaterThan(0);
  for (const file of syncFiles()) {
    for (const from of imports(file)) expect(from, `${file} imports ${from}`).toMatch(/^(\.\/|\.\.\/util\/|\.\.\/\.\.\/\.\.\/schema\/)/);
  }
});

it("nothing client/src/sync reaches, directly or not, imports Firebase", () => {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const from of imports(file)) {
      expect(from, `${file} imports ${from}`).not.toMatch(/^@?firebase/);
      if (from.startsWith(".")) visit(normalize(join(dirname(file), from.replace(/\.js$/, ".ts"))));
    }
  };
  syncFiles().forEach(visit);
  expect(seen.size).toBeGreaterThan(syncFiles().length); // it did follow imports (the schema, utilities)
});

it("Firestore paths are built in one place (remote/firestore/paths.ts), from the schema's names", () => {
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
  const builders = walk("client/src").filter((file) => /\b(doc|collection)\([^)]*(\bUSERS\b|"users")/.test(readFileSync(file, "utf8")));
  expect(builders).toEqual([join("client/src/remote/firestore/paths.ts")]);
});
