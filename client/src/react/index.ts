// @syncgate/client/react: React hooks over a sync client's status and live views.
// Built on useSyncExternalStore, so a render never mixes two versions of the data
// (no tearing in concurrent rendering) and a component re-renders only when what it
// reads changed: the same entity objects give the same snapshot.
import { createContext, createElement, useCallback, useContext, useMemo, useSyncExternalStore, type ReactNode } from "react";
import type { EntityKind } from "../../../schema/index.js";
import type { SyncClient } from "../client.js";
import type { StatusSnapshot } from "../status/status.js";
import type { Entity, ListOptions, Unsubscribe } from "../store/types.js";

/** What the hooks read of one kind's store. */
export interface LiveStore<K extends EntityKind> {
  get(id: string): Entity<K> | undefined;
  list(options?: ListOptions<K>): Entity<K>[];
  onChange(listener: () => void): Unsubscribe;
}
type LiveStores = { readonly [K in EntityKind]: LiveStore<K> };

/** What the hooks read of a client (a SyncClient is one). */
export type SyncSource = Pick<SyncClient, "statusSnapshot" | "onStatusChange" | "user"> & LiveStores;

export type SignedInUser = NonNullable<SyncClient["user"]>;

const SyncContext = createContext<SyncSource | null>(null);

/** Makes `client` the one the hooks below read, for everything inside. */
export function SyncGateProvider(props: { client: SyncSource; children?: ReactNode }): ReactNode {
  return createElement(SyncContext.Provider, { value: props.client }, props.children);
}

function useStore<K extends EntityKind>(kind: K): LiveStore<K> {
  const stores: LiveStores = useSource();
  return stores[kind];
}

function useSource(): SyncSource {
  const client = useContext(SyncContext);
  if (!client) throw new Error("syncgate hooks need a <SyncGateProvider client={…}> above them");
  return client;
}

// Subscriptions keep their identity across renders: useSyncExternalStore unsubscribes and
// subscribes again whenever the function it is given changes.
const useStatusChanges = (client: SyncSource) => useCallback((notify: () => void) => client.onStatusChange(() => notify()), [client]);
const useStoreChanges = <K extends EntityKind>(store: LiveStore<K>) => useCallback((notify: () => void) => store.onChange(notify), [store]);

/** The sync status (IN_SYNC, SYNCING, CONNECTING, OFFLINE) with the pending and waiting counts. */
export function useSyncStatus(): StatusSnapshot {
  const client = useSource();
  return useSyncExternalStore(useStatusChanges(client), () => client.statusSnapshot);
}

/** Who is signed in, or undefined while nobody is (it changes with the status). */
export function useUser(): SignedInUser | undefined {
  const client = useSource();
  const snapshot = useMemo(() => {
    let last: SignedInUser | undefined;
    return () => {
      const user = client.user;
      const same = user && last && user.uid === last.uid && user.email === last.email && user.username === last.username;
      if (!same) last = user;
      return last;
    };
  }, [client]);
  return useSyncExternalStore(useStatusChanges(client), snapshot);
}

/** One entity by id, live; undefined while it does not exist here (or `id` is null). */
export function useEntity<K extends EntityKind>(kind: K, id: string | null | undefined): Entity<K> | undefined {
  const store = useStore(kind);
  return useSyncExternalStore(useStoreChanges(store), () => (id ? store.get(id) : undefined));
}

/**
 * The entities of one kind matching `options` (field equality, deleted ones on request),
 * live. The array keeps its identity until an entity in it changes, joins or leaves; it is
 * shared by renders, hence read-only (sort a copy: `[...items].sort(byOrder)`).
 */
export function useEntities<K extends EntityKind>(kind: K, options: ListOptions<K> = {}): readonly Entity<K>[] {
  const store = useStore(kind);
  // options are usually an object literal, new at every render: what they say is the key
  // (undefined spelled out, as a filter on a field's absence differs from no filter)
  const key = JSON.stringify(options, (_, v: unknown) => (v === undefined ? "\u0000undefined" : v));
  const snapshot = useMemo(() => {
    const query = options;
    let last: readonly Entity<K>[] = Object.freeze([]);
    return () => {
      const next = store.list(query);
      if (next.length !== last.length || next.some((e, i) => e !== last[i])) last = Object.freeze(next);
      return last;
    };
  }, [store, key]);
  return useSyncExternalStore(useStoreChanges(store), snapshot);
}
