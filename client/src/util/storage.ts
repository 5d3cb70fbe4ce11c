// Small key-value storage for per-install facts (device id, session id, local-only
// variable values). Browsers get localStorage; Node and tests get memory unless the
// app passes its own.
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  /** keys starting with prefix (for wiping a user's local data) */
  keys(prefix: string): string[];
}

export function memoryStorage(): KeyValueStorage {
  const map = new Map<string, string>();
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
    keys: (prefix) => [...map.keys()].filter((k) => k.startsWith(prefix)),
  };
}

export function webStorage(storage: Storage): KeyValueStorage {
  return {
    getItem: (k) => storage.getItem(k),
    setItem: (k, v) => storage.setItem(k, v),
    removeItem: (k) => storage.removeItem(k),
    keys: (prefix) => Array.from({ length: storage.length }, (_, i) => storage.key(i)).filter((k): k is string => !!k?.startsWith(prefix)),
  };
}

export function defaultStorage(): KeyValueStorage {
  try {
    if (typeof globalThis.localStorage !== "undefined") return webStorage(globalThis.localStorage);
  } catch {
    // localStorage can throw (disabled, sandboxed): fall back to memory
  }
  return memoryStorage();
}

export const PREFIX = "syncgate:";

export function randomId(length = 20): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}

/**
 * Removes Firestore's multi-tab bookkeeping for one app and project from localStorage
 * (sequence numbers, online state: no user data, but they would outlive a sign-out).
 */
export function clearFirestoreTabKeys(appName: string, projectId: string | undefined): void {
  try {
    const storage = globalThis.localStorage;
    if (typeof storage === "undefined") return;
    for (const key of webStorage(storage).keys("firestore_")) if (key.includes(`firestore/${appName}/${projectId}/`)) storage.removeItem(key);
  } catch {
    // localStorage can throw (disabled, sandboxed): then Firestore did not use it either
  }
}
