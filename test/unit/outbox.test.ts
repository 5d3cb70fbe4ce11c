// The outbox (store/outbox.ts): each write listed in the device's storage until it
// settles, read back by the next start in the order made, per account and kind; with
// tabs, only the entries of runs that are gone.
import { afterEach, expect, it, vi } from "vitest";
import { Outbox, startRun } from "../../client/src/store/outbox.js";
import type { RefusedWrite } from "../../client/src/sync/write-state.js";
import { memoryStorage } from "../../client/src/util/storage.js";

const write = (name: string): Omit<RefusedWrite, "key"> => ({ op: "update", base: { rev: 1, updatedBy: "s" }, patch: { name }, attempt: 1 });

it("lists writes in the order made; a removed one is gone; another run reads what is left, with its keys", () => {
  const storage = memoryStorage();
  const outbox = new Outbox(storage, "u1", "requests", "run-1");
  const keys = ["a", "b", "c"].map((name, i) => outbox.add(`r${i}`, write(name)));
  outbox.remove(keys[1]);
  const next = new Outbox(storage, "u1", "requests", "run-1").entries();
  expect(next.map((e) => [e.id, e.write.patch["name"]])).toEqual([
    ["r0", "a"],
    ["r2", "c"],
  ]);
  expect(next.map((e) => e.write.key)).toEqual([keys[0], keys[2]]);
});

it("keeps order past the ninth entry, and keeps accounts and kinds apart", () => {
  const storage = memoryStorage();
  const outbox = new Outbox(storage, "u1", "requests", "run-1");
  for (let i = 1; i <= 12; i++) outbox.add("r", write(`v${i}`));
  new Outbox(storage, "u1", "folders", "run-1").add("f", write("folder"));
  new Outbox(storage, "u2", "requests", "run-1").add("r", write("other account"));
  expect(new Outbox(storage, "u1", "requests", "run-1").entries().map((e) => e.write.patch["name"])).toEqual(Array.from({ length: 12 }, (_, i) => `v${i + 1}`));
  expect(new Outbox(storage, "u2", "requests", "run-1").entries().map((e) => e.write.patch["name"])).toEqual(["other account"]);
});

it("storage that refuses writes (full, or a private window) leaves a write unlisted instead of failing it", () => {
  const full = { ...memoryStorage(), setItem: () => { throw new DOMException("quota", "QuotaExceededError"); } };
  const outbox = new Outbox(full, "u1", "requests", "run-1");
  expect(outbox.add("r", write("a"))).toBeUndefined();
  expect(() => outbox.remove(undefined)).not.toThrow();
  expect(outbox.entries()).toEqual([]);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

/** Web Locks as a browser has them: names held until released (one realm stands for all tabs). */
function fakeLocks() {
  const held = new Set<string>();
  const locks = {
    request: async (name: string, work: () => Promise<void>) => {
      held.add(name);
      try {
        await work();
      } finally {
        held.delete(name);
      }
    },
    query: async () => ({ held: [...held].map((name) => ({ name })) }),
  };
  vi.stubGlobal("navigator", { locks });
  return held;
}

it("two tabs listing at once (one counter read by both) keep both entries", () => {
  const storage = memoryStorage();
  const racy = { ...storage, getItem: (key: string) => (key.includes("outbox-seq") ? "7" : storage.getItem(key)) };
  new Outbox(racy, "u1", "requests", "tab-a").add("r", write("from a"));
  new Outbox(racy, "u1", "requests", "tab-b").add("r", write("from b"));
  expect(new Outbox(storage, "u1", "requests", "next").entries().map((e) => [e.run, e.write.patch["name"]])).toEqual([
    ["tab-a", "from a"],
    ["tab-b", "from b"],
  ]);
});

it("a start adopts the entries of runs that are gone, not those of a tab still open; without Web Locks (one run at a time) all", async () => {
  const storage = memoryStorage();
  const held = fakeLocks();
  const open = startRun();
  const closed = startRun();
  await Promise.resolve();
  expect(held.size).toBe(2);
  new Outbox(storage, "u1", "requests", open.id).add("r1", write("open tab's"));
  new Outbox(storage, "u1", "requests", closed.id).add("r2", write("closed tab's"));
  closed.close();
  await new Promise((resolve) => setTimeout(resolve, 0));
  const entries = new Outbox(storage, "u1", "requests", "starting").entries();
  expect((await startRun().orphaned(entries)).map((e) => e.id)).toEqual(["r2"]);
  open.close();
  await new Promise((resolve) => setTimeout(resolve, 0));
  expect((await startRun().orphaned(entries)).map((e) => e.id)).toEqual(["r1", "r2"]);
  vi.unstubAllGlobals();
  expect(await startRun().orphaned(entries)).toEqual(entries);
});

it("when the locks cannot be asked, no entry is adopted now (they wait for a later start), and nothing fails", async () => {
  vi.stubGlobal("navigator", { locks: { request: () => Promise.resolve(), query: () => Promise.reject(new DOMException("denied", "SecurityError")) } });
  const storage = memoryStorage();
  new Outbox(storage, "u1", "requests", "gone").add("r", write("a"));
  expect(await startRun().orphaned(new Outbox(storage, "u1", "requests", "next").entries())).toEqual([]);
});

it("a run asks the locks once for all its kinds", async () => {
  const storage = memoryStorage();
  let queries = 0;
  vi.stubGlobal("navigator", { locks: { request: () => Promise.resolve(), query: () => (queries++, Promise.resolve({ held: [] })) } });
  const run = startRun();
  for (const kind of ["requests", "folders", "globals"] as const) {
    new Outbox(storage, "u1", kind, "gone").add("x", write(kind));
    expect(await run.orphaned(new Outbox(storage, "u1", kind, run.id).entries())).toHaveLength(1);
  }
  expect(queries).toBe(1);
});
