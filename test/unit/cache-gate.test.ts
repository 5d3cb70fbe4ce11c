// A warm start shows every kind's cached documents before any listener starts: a new
// listener's query runs over its whole cached kind first, and Firestore's local cache does
// one operation at a time, so listening at once held back the other kinds' views (the
// Chromium warm-start bench, bench/RESULTS.md); the client starts its session watch then
// too. Checked on the real stores, over a Remote whose cache reads the test releases.
import { expect, it } from "vitest";
import { ENTITY_KINDS, type EntityKind } from "../../schema/index.js";
import { AccountStores } from "../../client/src/store/account-stores.js";
import { emptyMetrics, type SessionContext } from "../../client/src/store/context.js";
import type { Remote } from "../../client/src/sync/remote.js";
import type { Version } from "../../client/src/sync/write-state.js";
import { StatusTracker } from "../../client/src/status/status.js";
import { conflictCopies } from "../../client/src/sync/conflicts.js";
import { systemClock } from "../../client/src/util/clock.js";
import { memoryStorage, PREFIX } from "../../client/src/util/storage.js";

const UID = "gate-user";
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A device whose cache holds one collection, with checkpoints for `checkpointed` kinds; the cache reads wait for `release`. */
function device(checkpointed: readonly EntityKind[]) {
  const events: string[] = [];
  const releases = new Map<EntityKind, () => void>();
  const cached = (kind: EntityKind): { id: string; data: Version; pending: boolean }[] =>
    kind === "collections" ? [{ id: "c1", data: { name: "Cached", rev: 1, deleted: false, updatedBy: "sid-other", schemaVersion: 1 }, pending: false }] : [];
  const remote = {
    readCache: (kind: EntityKind) =>
      new Promise((resolve) => {
        events.push(`read ${kind}`);
        releases.set(kind, () => resolve(cached(kind)));
      }),
    listen: (kind: EntityKind, since: number | undefined) => {
      events.push(`listen ${kind} ${since === undefined ? "whole" : "delta"}`);
      return () => undefined;
    },
    timeAt: (ms: number) => ({ seconds: Math.floor(ms / 1000), nanoseconds: 0, toMillis: () => ms }),
  } as unknown as Remote;
  const storage = memoryStorage();
  for (const kind of checkpointed) storage.setItem(`${PREFIX}cp:${UID}:${kind}`, String(Date.now() - 60_000));
  const ctx: SessionContext = {
    db: undefined as never,
    remote,
    clock: systemClock,
    newId: () => "new-id",
    uid: UID,
    sid: "sid-this",
    deviceName: "gate test",
    conflicts: conflictCopies,
    status: new StatusTracker(),
    cipher: undefined,
    storage,
    metrics: emptyMetrics(),
    reportError: (e) => events.push(`error ${e.message}`),
    accessLost: () => events.push("access lost"),
  };
  const stores = new AccountStores();
  // the client starts its session watch when this resolves
  void stores.open(ctx, { persistent: true, auditConfirmMs: 1_000, report: () => undefined }).then(() => events.push("cache shown"));
  const release = (kind: EntityKind) => releases.get(kind)!();
  return { stores, events, release, listens: () => events.filter((e) => e.startsWith("listen")), shown: () => events.includes("cache shown") };
}

it("no kind listens until every kind's cache is shown; then each listens from its checkpoint", async () => {
  const d = device(ENTITY_KINDS);
  await settle();
  expect(d.events).toEqual(ENTITY_KINDS.map((kind) => `read ${kind}`));
  for (const kind of ENTITY_KINDS.filter((k) => k !== "runs")) d.release(kind);
  await settle();
  // eight kinds are shown (the cached collection among them), the ninth is still reading
  expect(d.stores.collections.list().map((c) => c.name)).toEqual(["Cached"]);
  expect(d.listens()).toEqual([]);
  expect(d.shown()).toBe(false);
  d.release("runs");
  await settle();
  expect(d.listens().sort()).toEqual(ENTITY_KINDS.map((kind) => `listen ${kind} delta`).sort());
  expect(d.shown()).toBe(true);
  d.stores.close();
});

it("a kind without a checkpoint (listened to whole) waits for the others' cache too", async () => {
  const d = device(["collections"]);
  await settle();
  expect(d.events).toEqual(["read collections"]);
  expect(d.listens()).toEqual([]);
  d.release("collections");
  await settle();
  expect(d.listens().sort()).toEqual(ENTITY_KINDS.map((kind) => `listen ${kind} ${kind === "collections" ? "delta" : "whole"}`).sort());
  d.stores.close();
});

it("a fresh device (no checkpoint) listens to every kind at once", async () => {
  const d = device([]);
  await settle();
  expect(d.listens().sort()).toEqual(ENTITY_KINDS.map((kind) => `listen ${kind} whole`).sort());
  expect(d.shown()).toBe(true);
  d.stores.close();
});

it("a session closed while the cache is read never starts its listeners", async () => {
  const d = device(ENTITY_KINDS);
  await settle();
  d.stores.close();
  for (const kind of ENTITY_KINDS) d.release(kind);
  await settle();
  expect(d.listens()).toEqual([]);
});
