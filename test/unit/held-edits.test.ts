// Held edits (store/held-edits.ts): the outbox of an account whose session ended elsewhere,
// sealed with its key and put back in the order made; another key leaves them held.
import { expect, it } from "vitest";
import { HeldEdits } from "../../client/src/store/held-edits.js";
import { Outbox } from "../../client/src/store/outbox.js";
import { SecretCipher } from "../../client/src/secrets/cipher.js";
import type { RefusedWrite } from "../../client/src/sync/write-state.js";
import { memoryStorage } from "../../client/src/util/storage.js";

const write = (name: string): Omit<RefusedWrite, "key"> => ({ op: "update", base: { rev: 1, updatedBy: "s" }, patch: { name }, attempt: 2 });

it("seals an account's outbox across kinds, unreadable at rest, and puts it back in the order made for a start to adopt", async () => {
  const storage = memoryStorage();
  new Outbox(storage, "u1", "requests", "run-1").add("r1", write("first"));
  new Outbox(storage, "u1", "folders", "run-1").add("f1", write("second"));
  new Outbox(storage, "u1", "requests", "run-1").add("r1", write("third"));
  new Outbox(storage, "u2", "requests", "run-9").add("x", write("other account"));
  const cipher = await SecretCipher.derive("password", "u1");
  const held = new HeldEdits(storage, "u1");
  const sealed = await held.seal(cipher);
  expect(sealed.count).toBe(3);
  // what a wipe does: everything of the account goes, then the sealed edits are stored
  for (const key of storage.keys("syncgate:outbox:u1:")) storage.removeItem(key);
  sealed.save();
  expect(held.count()).toBe(3);
  expect(storage.keys("syncgate:held:u1:").map((k) => storage.getItem(k)).join()).not.toMatch(/first|second|third/);
  expect(held.isHeld(storage.keys("syncgate:held:u1:")[0]!)).toBe(true);

  expect(await held.release(cipher)).toEqual({ released: 3, locked: 0 });
  expect(held.count()).toBe(0);
  const requests = new Outbox(storage, "u1", "requests", "run-2").entries();
  expect(requests.map((e) => [e.id, e.write.patch["name"], e.write.attempt])).toEqual([["r1", "first", 2], ["r1", "third", 2]]);
  expect(new Outbox(storage, "u1", "folders", "run-2").entries().map((e) => e.write.patch["name"])).toEqual(["second"]);
  // listed under a run nobody holds: a start adopts them
  expect(requests[0]!.run).toMatch(/^[A-Za-z0-9]{12}$/);
  expect(new Outbox(storage, "u2", "requests", "run-2").entries().map((e) => e.write.patch["name"])).toEqual(["other account"]);
});

it("nothing unsynced seals nothing; another key (a changed password) leaves the edits held and counted", async () => {
  const storage = memoryStorage();
  const held = new HeldEdits(storage, "u1");
  const cipher = await SecretCipher.derive("old password", "u1");
  const empty = await held.seal(cipher);
  expect(empty.count).toBe(0);
  empty.save();
  expect(storage.keys("")).toEqual([]);

  new Outbox(storage, "u1", "requests", "run-1").add("r1", write("kept"));
  const sealed = await held.seal(cipher);
  for (const key of storage.keys("syncgate:outbox:")) storage.removeItem(key);
  sealed.save();
  expect(await held.release(await SecretCipher.derive("new password", "u1"))).toEqual({ released: 0, locked: 1 });
  expect(held.count()).toBe(1);
  expect(new Outbox(storage, "u1", "requests", "run-2").entries()).toEqual([]);
  expect(await held.release(cipher)).toEqual({ released: 1, locked: 0 });
});
