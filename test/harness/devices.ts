// Independent "devices" for multi-device tests: each is its own Firebase app with its own
// Auth, Firestore (memory or IndexedDB cache) and Functions instance, reaching Firestore
// over its own connection (a FaultProxy).
import { deleteApp, initializeApp, type FirebaseApp } from "firebase/app";
import { connectAuthEmulator, getAuth, signInWithCustomToken, type Auth } from "firebase/auth";
import {
  connectFirestoreEmulator,
  disableNetwork,
  enableNetwork,
  initializeFirestore,
  memoryLocalCache,
  persistentLocalCache,
  terminate,
  type Firestore,
} from "firebase/firestore";
import { connectFunctionsEmulator, getFunctions, type Functions } from "firebase/functions";
import { AUTH, FIRESTORE, FUNCTIONS } from "./emulators.js";
import { FaultProxy } from "./fault-proxy.js";
import { onTransportDefect } from "./transport-defect.js";

export type Persistence = "memory" | "indexeddb";

export interface DeviceOptions {
  projectId: string;
  persistence?: Persistence;
  /** Reach Firestore here instead of the emulator itself (a FaultProxy). */
  firestoreVia?: { host: string; port: number };
}

let counter = 0;

/** A Firebase app configured for the emulators, under a unique name. */
export function emulatorApp(projectId: string, name = `device-${++counter}-${Date.now().toString(36)}`): FirebaseApp {
  return initializeApp({ projectId, apiKey: "demo-api-key", authDomain: `${projectId}.firebaseapp.com` }, name);
}

/** Points an app's Auth and Functions at the emulators (Firestore is set up by the caller). */
export function connectEmulators(app: FirebaseApp): { auth: Auth; functions: Functions } {
  const auth = getAuth(app);
  connectAuthEmulator(auth, `http://${AUTH.host}:${AUTH.port}`, { disableWarnings: true });
  const functions = getFunctions(app);
  connectFunctionsEmulator(functions, FUNCTIONS.host, FUNCTIONS.port);
  return { auth, functions };
}

export class Device {
  readonly auth: Auth;
  readonly functions: Functions;
  readonly db: Firestore;

  constructor(
    readonly app: FirebaseApp,
    options: DeviceOptions,
  ) {
    ({ auth: this.auth, functions: this.functions } = connectEmulators(app));
    this.db = initializeFirestore(app, {
      localCache: options.persistence === "indexeddb" ? persistentLocalCache() : memoryLocalCache(),
    });
    const target = options.firestoreVia ?? FIRESTORE;
    connectFirestoreEmulator(this.db, target.host, target.port);
  }

  signInWithToken(token: string): Promise<unknown> {
    return signInWithCustomToken(this.auth, token);
  }

  /** Drops and reopens this device's Firestore streams (queued writes are resent). */
  async reconnect(): Promise<void> {
    await disableNetwork(this.db);
    await enableNetwork(this.db);
  }

  async close(): Promise<void> {
    await terminate(this.db);
    await deleteApp(this.app);
  }
}

/**
 * Starts devices and closes them all at the end of a test, leaving no open handles. Like
 * real devices, each has its own connection to Firestore (a pass-through FaultProxy unless
 * the test brings one): gRPC would otherwise multiplex every device of the process over one
 * HTTP/2 connection, where a listener now and then stops receiving.
 */
export class Fleet {
  private readonly devices: Device[] = [];
  private readonly links: FaultProxy[] = [];

  constructor() {
    onTransportDefect(() => {
      for (const device of this.devices) void device.reconnect().catch(() => undefined);
    });
  }

  async start(options: DeviceOptions): Promise<Device> {
    let firestoreVia = options.firestoreVia;
    if (!firestoreVia) {
      const link = await FaultProxy.start(FIRESTORE);
      this.links.push(link);
      firestoreVia = { host: link.host, port: link.port };
    }
    const device = new Device(emulatorApp(options.projectId), { ...options, firestoreVia });
    this.devices.push(device);
    return device;
  }

  /** A device that only calls functions: it never opens Firestore, so it needs no connection of its own. */
  caller(projectId: string): Device {
    const device = new Device(emulatorApp(projectId), { projectId });
    this.devices.push(device);
    return device;
  }

  async closeAll(): Promise<void> {
    await Promise.allSettled(this.devices.splice(0).map((d) => d.close()));
    await Promise.allSettled(this.links.splice(0).map((l) => l.close()));
  }
}
