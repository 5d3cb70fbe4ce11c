// A session's Firestore instance, from its start to its wipe: the local cache it keeps
// (memory, or IndexedDB for one tab or shared by tabs), reconnects, the flush sign-out
// waits for, and the sessions list.
import type { FirebaseApp } from "firebase/app";
import {
  CACHE_SIZE_UNLIMITED,
  clearIndexedDbPersistence,
  connectFirestoreEmulator,
  disableNetwork,
  enableNetwork,
  getDocs,
  initializeFirestore,
  memoryLocalCache,
  persistentLocalCache,
  persistentMultipleTabManager,
  persistentSingleTabManager,
  terminate,
  waitForPendingWrites,
  type Firestore,
} from "firebase/firestore";
import { SESSIONS, type SessionInfo } from "../../../../schema/index.js";
import { clearFirestoreTabKeys } from "../../util/storage.js";
import { userCollection } from "./paths.js";

export type Persistence = "memory" | "indexeddb" | "indexeddb-multitab";

export function openFirestore(app: FirebaseApp, persistence: Persistence, emulator: [string, number] | undefined): Firestore {
  const localCache =
    persistence === "memory"
      ? memoryLocalCache()
      : persistentLocalCache({
          // the cache is this device's copy of the account (listeners only fetch what
          // changed since): nothing in it may be evicted
          cacheSizeBytes: CACHE_SIZE_UNLIMITED,
          tabManager: persistence === "indexeddb-multitab" ? persistentMultipleTabManager() : persistentSingleTabManager({}),
        });
  const db = initializeFirestore(app, { localCache });
  if (emulator) connectFirestoreEmulator(db, ...emulator);
  return db;
}

/** Drops and reopens the connection at once, instead of waiting out Firestore's backoff. */
export async function reconnect(db: Firestore): Promise<void> {
  await disableNetwork(db);
  await enableNetwork(db);
}

/** Resolves once every write queued so far is acknowledged. */
export function writesFlushed(db: Firestore): Promise<void> {
  return waitForPendingWrites(db);
}

/** Stops the instance; `wipe` also deletes its persistent cache and Firestore's tab keys. */
export async function closeFirestore(db: Firestore, app: FirebaseApp, { wipe }: { wipe: boolean }): Promise<void> {
  await terminate(db);
  if (!wipe) return;
  await clearIndexedDbPersistence(db).catch(() => undefined);
  clearFirestoreTabKeys(app.name, app.options.projectId);
}

/** The account's sessions, and how many documents came from the server (not the cache). */
export async function readSessions(db: Firestore, uid: string): Promise<{ sessions: SessionInfo[]; fromServer: number }> {
  const snap = await getDocs(userCollection(db, uid, SESSIONS));
  const sessions = snap.docs.map((d) => {
    const data = d.data();
    return {
      sid: d.id,
      deviceName: data["deviceName"] as string,
      platform: data["platform"] as string,
      createdAt: data["createdAt"]?.toMillis?.() ?? 0,
      lastSeenAt: data["lastSeenAt"]?.toMillis?.() ?? 0,
    };
  });
  return { sessions, fromServer: snap.metadata.fromCache ? 0 : snap.size };
}
