// A kind's checkpoint, without Firestore: what a delta listener may start from, and what
// advances it. The emulator tier (test/client/convergence.test.ts, "delta resume") shows
// the reads it saves.
import { expect, it } from "vitest";
import { Checkpoint, DELTA_MAX_AGE_MS } from "../../client/src/sync/checkpoint.js";
import type { RemoteBatch } from "../../client/src/sync/remote.js";
import { memoryStorage } from "../../client/src/util/storage.js";
import { SimTime } from "../sim/server-time.js";

const at = (ms: number) => ({ rev: 1, updatedAt: SimTime.fromMillis(ms) });
const batch = (changes: { ms: number; pending?: boolean }[], meta: Partial<RemoteBatch> = {}): RemoteBatch => ({
  changes: changes.map(({ ms, pending = false }, i) => ({ id: `d${i}`, data: at(ms), pending, metadataOnly: false, removed: false })),
  fromCache: false,
  hasPendingWrites: false,
  ...meta,
});

it("advances past what the server confirmed and is stored, per account and kind", () => {
  const storage = memoryStorage();
  const cp = new Checkpoint(storage, "u1", "requests", true);
  expect(cp.stored(10_000)).toBeUndefined();
  cp.confirm(batch([{ ms: 5_000 }, { ms: 7_000 }, { ms: 6_000 }]));
  expect(cp.stored(10_000)).toBe(7_000);
  expect(new Checkpoint(storage, "u1", "folders", true).stored(10_000)).toBeUndefined();
  expect(new Checkpoint(storage, "u2", "requests", true).stored(10_000)).toBeUndefined();
});

it("never advances on what the server has not confirmed: cache snapshots, our pending versions; stored only once nothing of ours is pending", () => {
  const storage = memoryStorage();
  const cp = new Checkpoint(storage, "u1", "requests", true);
  cp.confirm(batch([{ ms: 9_000 }], { fromCache: true }));
  cp.confirm(batch([{ ms: 8_000, pending: true }]));
  expect(cp.stored(10_000)).toBeUndefined();
  cp.confirm(batch([{ ms: 5_000 }], { hasPendingWrites: true }));
  expect(cp.stored(10_000)).toBeUndefined();
  cp.confirm(batch([]));
  expect(cp.stored(10_000)).toBe(5_000);
});

it("a delta starts from its checkpoint; an older one is not trusted (a tombstone may have been purged unseen), nor any without a persistent cache", () => {
  const storage = memoryStorage();
  const cp = new Checkpoint(storage, "u1", "requests", true);
  cp.startFrom(4_000);
  cp.confirm(batch([{ ms: 3_000 }]));
  expect(cp.stored(10_000)).toBe(4_000);
  expect(cp.stored(4_000 + DELTA_MAX_AGE_MS)).toBeUndefined();
  expect(new Checkpoint(storage, "u1", "requests", false).stored(10_000)).toBeUndefined();
});
