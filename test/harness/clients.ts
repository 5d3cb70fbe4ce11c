// syncgate clients as devices: each on its own Firebase app, optionally behind a
// FaultProxy, closed (signed out, app deleted) at the end of a test.
import { deleteApp } from "firebase/app";
import { createSyncClient, type Entity, type EntityKind, type EntityStore, type ListOptions, type Persistence, type SyncClient, type SyncClientOptions, type SyncStatus } from "../../client/src/index.js";
import { waitForValue } from "./wait.js";
import { call, functionsAdmin, type TestUser } from "./accounts.js";
import { Device, emulatorApp } from "./devices.js";
import { AUTH, FIRESTORE, FUNCTIONS, FUNCTIONS_PROJECT_ID, uniqueSuffix } from "./emulators.js";
import { FaultProxy } from "./fault-proxy.js";
import type { WireMeter } from "./wire-meter.js";
import { onTransportDefect } from "./transport-defect.js";
import { memoryStorage, type KeyValueStorage } from "../../client/src/util/storage.js";

export interface ClientOptions {
  name?: string;
  persistence?: Persistence;
  storage?: KeyValueStorage;
  stallTimeoutMs?: number;
  heartbeatMs?: number;
  audit?: SyncClientOptions["audit"];
  appCheck?: SyncClientOptions["appCheck"];
  conflicts?: SyncClientOptions["conflicts"];
  /** the schema version the app is built with (an app of the next version, in upgrade tests) */
  schema?: SyncClientOptions["schema"];
  /** reach Firestore and the functions through this meter, which counts what passes */
  meter?: WireMeter;
}

export interface TestDevice {
  client: SyncClient;
  /** this device's own connection to Firestore, which a test can cut and heal */
  link: FaultProxy;
  /** the app "closes" (dispose, no sign-out) and starts again on the same cache and storage */
  restart(): Promise<SyncClient>;
}

/**
 * Devices are clients on their own Firebase apps. Each reaches Firestore through its own
 * FaultProxy: like real devices, each has its own connection (gRPC would otherwise share
 * one HTTP/2 connection among all clients of the process), and a test can cut it.
 */
export class ClientFleet {
  private readonly open: { client: SyncClient; close: () => Promise<void> }[] = [];
  private readonly links: FaultProxy[] = [];

  constructor() {
    onTransportDefect(() => {
      for (const { client } of this.open) void client.reconnect();
    });
  }

  async device(options: ClientOptions = {}): Promise<TestDevice> {
    const link = await FaultProxy.start(options.meter?.firestoreAddress ?? FIRESTORE);
    const functions = options.meter?.functionsAddress ?? FUNCTIONS;
    const appName = `device-${uniqueSuffix()}`;
    const storage = options.storage ?? memoryStorage();
    const name = options.name ?? `Device ${uniqueSuffix()}`;
    const launch = () => {
      const app = emulatorApp(FUNCTIONS_PROJECT_ID, appName);
      const client = createSyncClient({
        app,
        device: { name, platform: "node-test" },
        persistence: options.persistence ?? "memory",
        storage,
        emulators: {
          auth: `${AUTH.host}:${AUTH.port}`,
          firestore: `${link.host}:${link.port}`,
          functions: `${functions.host}:${functions.port}`,
        },
        flushTimeoutMs: 3_000,
        ...(options.stallTimeoutMs ? { stallTimeoutMs: options.stallTimeoutMs } : {}),
        ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
        ...(options.audit ? { audit: options.audit } : {}),
        ...(options.appCheck ? { appCheck: options.appCheck } : {}),
        ...(options.conflicts ? { conflicts: options.conflicts } : {}),
        ...(options.schema ? { schema: options.schema } : {}),
      });
      const entry = {
        client,
        close: async () => {
          link.heal();
          await client.signOut({ force: true }).catch(() => undefined);
          await deleteApp(app);
        },
        dispose: async () => {
          await client.dispose();
          await deleteApp(app);
        },
      };
      this.open.push(entry);
      return entry;
    };
    let current = launch();
    this.links.push(link);
    return {
      get client() {
        return current.client;
      },
      link,
      restart: async () => {
        this.open.splice(this.open.indexOf(current), 1);
        await current.dispose();
        current = launch();
        return current.client;
      },
    };
  }

  async start(options: ClientOptions = {}): Promise<SyncClient> {
    return (await this.device(options)).client;
  }

  async closeAll(): Promise<void> {
    await Promise.allSettled(this.open.splice(0).map((c) => c.close()));
    await Promise.allSettled(this.links.splice(0).map((l) => l.close()));
  }
}

/** A new account made through createAccount, so sign-in by email and by username both work. */
export async function newAccount(): Promise<TestUser & { username: string }> {
  const username = `u${uniqueSuffix()}`;
  const email = `${username}@example.test`;
  const password = "correct-horse-9";
  const caller = new Device(emulatorApp(FUNCTIONS_PROJECT_ID), { projectId: FUNCTIONS_PROJECT_ID });
  try {
    const { uid } = await call<{ uid: string }>(caller, "createAccount", { email, username, password });
    return { uid, email, password, username };
  } finally {
    await caller.close();
  }
}

/** Records every status change of a client. */
export function recordStatuses(client: SyncClient): SyncStatus[] {
  const seen: SyncStatus[] = [client.status];
  client.onStatusChange((s) => {
    if (seen[seen.length - 1] !== s) seen.push(s);
  });
  return seen;
}

export { functionsAdmin };

/** Watches a store until its (filtered) items satisfy `predicate`. */
export function watchUntil<K extends EntityKind>(
  store: EntityStore<K>,
  what: string,
  predicate: (items: Entity<K>[]) => boolean,
  options: ListOptions<K> = { includeDeleted: true },
  timeoutMs?: number,
): Promise<Entity<K>[]> {
  return waitForValue<Entity<K>[]>(what, (next) => store.watch(next, options), predicate, timeoutMs);
}
