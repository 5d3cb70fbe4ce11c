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

const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));

it("the stores reach Firebase only through the Remote port (remote/firestore is its Firestore side)", () => {
  const stores = walk("client/src/store");
  expect(stores.length).toBeGreaterThan(5);
  for (const file of stores) {
    const source = readFileSync(file, "utf8");
    // the session context carries the Firestore instance, as a type, for what lies outside the stores (imports, chunks)
    const allowed = file.endsWith("context.ts") ? /^import type \{ Firestore \} from "firebase\/firestore";$/m : undefined;
    for (const from of imports(file).filter((f) => /^@?firebase/.test(f))) {
      expect(allowed?.test(source), `${file} imports ${from}`).toBe(true);
    }
    for (const from of imports(file)) expect(from, `${file} imports ${from}`).not.toMatch(/^\.\.\/(remote\/|interop\/|client\.js$)/);
  }
});

it("nothing below imports upward: utilities import no layer, the protocol no store, the stores no interop or client", () => {
  const layerOf = (file: string) => file.split("/")[2]!;
  const below: Record<string, RegExp> = {
    util: /^\.\.\/(?!util\/)[a-z-]+\//,
    sync: /^\.\.\/(store|remote|status|session|interop|auth|secrets)\//,
    store: /^\.\.\/(interop|auth|session)\/|\.\.\/client\.js$/,
  };
  for (const file of walk("client/src")) {
    const rule = below[layerOf(file)];
    if (!rule) continue;
    for (const from of imports(file)) expect(from, `${file} imports ${from}`).not.toMatch(rule);
  }
});

it("Firestore is called from remote/firestore only", () => {
  // an import of values, not `import type`
  const callers = walk("client/src").filter((file) => /^import (?!type )[^;]*?from "firebase\/firestore"/m.test(readFileSync(file, "utf8")));
  expect(callers.length).toBeGreaterThan(3);
  const outside = callers.filter((file) => !file.startsWith(join("client/src/remote/firestore")));
  expect(outside).toEqual([]);
});
