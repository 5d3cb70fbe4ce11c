// Independent "devices" for multi-device tests: each is its own Firebase app with its own
// Auth, Firestore (memory or IndexedDB cache) and Functions instance, optionally reaching
// Firestore through a FaultProxy.
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

/** Starts devices and closes them all at the end of a test, leaving no open handles. */
export class Fleet {
  private readonly devices: Device[] = [];

  constructor() {
    onTransportDefect(() => {
      for (const device of this.devices) void device.reconnect().catch(() => undefined);
    });
  }

  start(options: DeviceOptions): Device {
    const device = new Device(emulatorApp(options.projectId), options);
    this.devices.push(device);
    return device;
  }

  async closeAll(): Promise<void> {
    const devices = this.devices.splice(0);
    await Promise.allSettled(devices.map((d) => d.close()));
  }
}
