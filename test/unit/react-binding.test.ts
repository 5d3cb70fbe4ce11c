// @vitest-environment happy-dom
// The React binding (@syncgate/client/react) rendered into a DOM, over the SDK's own live
// views and status tracker: components see changes, and re-render only for what they read.
import { act, createElement, type ReactNode } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, expect, expectTypeOf, it } from "vitest";
import { ENTITY_KINDS, type EntityKind } from "../../schema/index.js";
import type { SyncClient } from "../../client/src/client.js";
import { SyncGateProvider, useEntities, useEntity, useSyncStatus, useUser, type LiveStore, type SignedInUser, type SyncSource } from "../../client/src/react/index.js";
import { StatusTracker } from "../../client/src/status/status.js";
import { LiveView } from "../../client/src/store/live-view.js";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** A source made of the SDK's real live views and status tracker, fed by the test instead of Firestore. */
function source() {
  const views = new Map<EntityKind, LiveView<EntityKind>>(ENTITY_KINDS.map((k) => [k, new LiveView<EntityKind>()]));
  const store = <K extends EntityKind>(kind: K): LiveStore<K> => {
    const view = views.get(kind) as unknown as LiveView<K>;
    return {
      get: (id) => view.get(id),
      list: (options) => view.list(options),
      onChange: (listener) => {
        subscriptions.count++;
        view.changeListeners.add(listener);
        return () => view.changeListeners.delete(listener);
      },
    };
  };
  const tracker = new StatusTracker();
  const subscribe = tracker.subscribe.bind(tracker);
  /** how many times anything subscribed to the status or a store */
  const subscriptions = { count: 0 };
  tracker.subscribe = (observer) => (subscriptions.count++, subscribe(observer));
  let user: SignedInUser | undefined;
  const client = {
    ...(Object.fromEntries(ENTITY_KINDS.map((k) => [k, store(k)])) as { [K in EntityKind]: LiveStore<K> }),
    get statusSnapshot() {
      return tracker.snapshot;
    },
    onStatusChange: (callback: Parameters<SyncClient["onStatusChange"]>[0]) => tracker.subscribe((s) => callback(s.status, s)),
    // a new object at every read, as SyncClient's
    get user() {
      return user && { ...user };
    },
  } satisfies SyncSource;
  let rev = 0;
  /** Sets an entity as a snapshot from Firestore would. */
  const put = (kind: EntityKind, id: string, fields: Record<string, unknown>, deleted = false) =>
    act(() => {
      const view = views.get(kind)!;
      view.set(id, { rev: ++rev, updatedBy: "s1", deleted }, fields, false);
      view.notify();
    });
  const signIn = (who: SignedInUser | undefined) =>
    act(() => {
      user = who;
      if (who) tracker.start(["requests"]);
      else tracker.stop();
    });
  return { client, tracker, put, signIn, subscriptions };
}

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  root = undefined;
});

/** Renders `probe` under a provider; returns what it returned at each render. */
function render<T>(client: SyncSource, probe: () => T): T[] {
  const seen: T[] = [];
  const Probe = (): ReactNode => {
    seen.push(probe());
    return null;
  };
  root = createRoot(document.createElement("div"));
  act(() => root!.render(createElement(SyncGateProvider, { client }, createElement(Probe))));
  return seen;
}

it("a SyncClient is a source the hooks read", () => {
  expectTypeOf<SyncClient>().toExtend<SyncSource>();
});

it("a filtered list follows matching changes, and keeps its identity (no render) when other items or kinds change", () => {
  const { client, put } = source();
  const seen = render(client, () => useEntities("requests", { where: { collectionId: "c1", folderId: null } }));
  expect(seen.at(-1)).toEqual([]);
  put("requests", "r1", { collectionId: "c1", folderId: null, name: "Login" });
  expect(seen.at(-1)!.map((r) => r.name)).toEqual(["Login"]);
  const renders = seen.length;
  put("requests", "r2", { collectionId: "c2", folderId: null, name: "elsewhere" });
  put("requests", "r3", { collectionId: "c1", folderId: "f1", name: "in a folder" });
  put("folders", "f1", { collectionId: "c1", parentFolderId: null, name: "F" });
  expect(seen.length).toBe(renders);
  put("requests", "r1", { collectionId: "c1", folderId: null, name: "Log in" });
  expect(seen.at(-1)!.map((r) => r.name)).toEqual(["Log in"]);
  expect(seen.length).toBe(renders + 1);
});

it("deleted items are left out unless asked for, as the stores' lists do", () => {
  const { client, put } = source();
  const seen = render(client, () => ({ live: useEntities("collections"), all: useEntities("collections", { includeDeleted: true }) }));
  put("collections", "c1", { name: "Shop" });
  put("collections", "c2", { name: "Old" }, true);
  expect(seen.at(-1)!.live.map((c) => c.id)).toEqual(["c1"]);
  expect(seen.at(-1)!.all.map((c) => [c.id, c.deleted])).toEqual([["c1", false], ["c2", true]]);
});

it("one entity follows its own changes only; a null id is nothing", () => {
  const { client, put } = source();
  const seen = render(client, () => [useEntity("environments", "e1")?.name, useEntity("environments", null)] as const);
  expect(seen.at(-1)).toEqual([undefined, undefined]);
  put("environments", "e1", { name: "Staging" });
  expect(seen.at(-1)).toEqual(["Staging", undefined]);
  const renders = seen.length;
  put("environments", "e2", { name: "Production" });
  expect(seen.length).toBe(renders);
  put("environments", "e1", { name: "Stage" });
  expect(seen.at(-1)![0]).toBe("Stage");
});

it("the status and the user follow sign-in, with the pending count; the user keeps its identity while it does not change", async () => {
  const { client, tracker, signIn } = source();
  const seen = render(client, () => ({ status: useSyncStatus(), user: useUser() }));
  expect(seen.at(-1)).toEqual({ status: expect.objectContaining({ status: "OFFLINE", pendingWrites: 0 }), user: undefined });
  await signIn({ uid: "u1", email: "a@example.test", username: "alice" });
  expect(seen.at(-1)!.status.status).toBe("CONNECTING");
  expect(seen.at(-1)!.user).toEqual({ uid: "u1", email: "a@example.test", username: "alice" });
  const user = seen.at(-1)!.user;
  let release!: () => void;
  act(() => tracker.track(new Promise<void>((r) => (release = r))));
  act(() => tracker.report("requests", { fromCache: false, hasPendingWrites: true }));
  expect(seen.at(-1)!.status).toMatchObject({ status: "SYNCING", pendingWrites: 1 });
  expect(seen.at(-1)!.user).toBe(user);
  await act(async () => {
    release();
    await Promise.resolve();
  });
  act(() => tracker.report("requests", { fromCache: false, hasPendingWrites: false }));
  expect(seen.at(-1)!.status).toMatchObject({ status: "IN_SYNC", pendingWrites: 0 });
  await signIn(undefined);
  expect(seen.at(-1)).toEqual({ status: expect.objectContaining({ status: "OFFLINE" }), user: undefined });
});

it("re-renders keep each hook's subscription: one per hook, however many changes come", async () => {
  const { client, put, signIn, subscriptions } = source();
  const seen = render(client, () => [useSyncStatus().status, useUser()?.uid, useEntity("requests", "r1")?.name, useEntities("requests", { where: { collectionId: "c1" } }).length] as const);
  const after = subscriptions.count;
  expect(after).toBe(4);
  await signIn({ uid: "u1", email: null, username: "alice" });
  for (let i = 0; i < 5; i++) put("requests", "r1", { collectionId: "c1", folderId: null, name: `v${i}` });
  expect(seen.at(-1)).toEqual(["CONNECTING", "u1", "v4", 1]);
  expect(seen.length).toBeGreaterThan(5);
  expect(subscriptions.count).toBe(after);
});

it("a hook outside a provider says what is missing", () => {
  const Probe = (): ReactNode => (useSyncStatus(), null);
  root = createRoot(document.createElement("div"));
  const errors: unknown[] = [];
  const quiet = console.error;
  console.error = () => undefined;
  try {
    act(() => root!.render(createElement(Probe)));
  } catch (e) {
    errors.push(e);
  } finally {
    console.error = quiet;
  }
  expect(String(errors[0])).toMatch(/SyncGateProvider/);
});
