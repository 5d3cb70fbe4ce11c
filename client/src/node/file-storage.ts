// Per-install storage for Node programs (`@syncgate/client/node`): the device id, above
// all, in a JSON file, so every run is the same device and takes over its own session
// instead of using up another of the account's three (a run that crashed holds its slot
// until it expires or another device evicts it). The CLI uses it too.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { KeyValueStorage } from "../util/storage.js";

export function fileStorage(path: string): KeyValueStorage {
  let data: Record<string, string> = {};
  try {
    data = JSON.parse(readFileSync(path, "utf8")) as Record<string, string>;
  } catch {
    // first run (or an unreadable file): start empty
  }
  const save = () => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(data, null, 2), { mode: 0o600 });
  };
  return {
    getItem: (k) => data[k] ?? null,
    setItem: (k, v) => void ((data[k] = v), save()),
    removeItem: (k) => void (delete data[k], save()),
    keys: (prefix) => Object.keys(data).filter((k) => k.startsWith(prefix)),
  };
}
