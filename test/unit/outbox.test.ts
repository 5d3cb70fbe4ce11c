// The outbox (store/outbox.ts): each write listed in the device's storage until it
// settles, read back by the next start in the order made, per account and kind.
import { expect, it } from "vitest";
import { Outbox } from "../../client/src/store/outbox.js";
import type { RefusedWrite } from "../../client/src/sync/write-state.js";
import { memoryStorage } from "../../client/src/util/storage.js";

const write = (name: string): Omit<RefusedWrite, "key"> => ({ op: "update", base: { rev: 1, updatedBy: "s" }, patch: { name }, attempt: 1 });

it("lists writes in the order made; a removed one is gone; another run reads what is left, with its keys", () => {
  const storage = memoryStorage();
  const outbox = new Outbox(storage, "u1", "requests");
  const keys = ["a", "b", "c"].map((name, i) => outbox.add(`r${i}`, write(name)));
  outbox.remove(keys[1]);
  const next = new Outbox(storage, "u1", "requests").entries();
  expect(next.map((e) => [e.id, e.write.patch["name"]])).toEqual([
    ["r0", "a"],
    ["r2", "c"],
  ]);
  expect(next.map((e) => e.write.key)).toEqual([keys[0], keys[2]]);
});

it("keeps order past the ninth entry, and keeps accounts and kinds apart", () => {
  const storage = memoryStorage();
  const outbox = new Outbox(storage, "u1", "requests");
  for (let i = 1; i <= 12; i++) outbox.add("r", write(`v${i}`));
  new Outbox(storage, "u1", "folders").add("f", write("folder"));
  new Outbox(storage, "u2", "requests").add("r", write("other account"));
  expect(new Outbox(storage, "u1", "requests").entries().map((e) => e.write.patch["name"])).toEqual(Array.from({ length: 12 }, (_, i) => `v${i + 1}`));
  expect(new Outbox(storage, "u2", "requests").entries().map((e) => e.write.patch["name"])).toEqual(["other account"]);
});

it("storage that refuses writes (full, or a private window) leaves a write unlisted instead of failing it", () => {
  const full = { ...memoryStorage(), setItem: () => { throw new DOMException("quota", "QuotaExceededError"); } };
  const outbox = new Outbox(full, "u1", "requests");
  expect(outbox.add("r", write("a"))).toBeUndefined();
  expect(() => outbox.remove(undefined)).not.toThrow();
  expect(outbox.entries()).toEqual([]);
});
