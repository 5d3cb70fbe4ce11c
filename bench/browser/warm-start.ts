// The warm-start bench in a real browser (Chromium's IndexedDB): a page load either fills
// the persistent cache (first run) or starts again on it (warm) and reports, in
// `window.benchResult`, the time from the page's script start to a complete view and to
// IN_SYNC. syncgate and a raw Firebase SDK app do the same; bench/browser.ts drives them.
import { initializeApp } from "firebase/app";
import { connectAuthEmulator, getAuth, signInWithCustomToken } from "firebase/auth";
import { CACHE_SIZE_UNLIMITED, collection, connectFirestoreEmulator, getDocsFromCache, initializeFirestore, onSnapshot, persistentLocalCache, type Firestore } from "firebase/firestore";
import { createSyncClient, ENTITY_KINDS, type SyncClient } from "@syncgate/client";

export interface WarmStartPage {
  side: "syncgate" | "raw";
  phase: "fill" | "warm" | "sign-out";
  projectId: string;
  uid: string;
  total: number;
  email: string;
  password: string;
  /** the raw app's custom token (with its session claim) */
  token?: string;
  emulators: { auth: string; firestore: string; functions: string };
}
/** One timed warm start, from the page's script start (ms); `readyMs`: when the signed-in user is known (syncgate: its session resumed; raw: Auth ready) */
export type WarmLoad = { viewMs: number; inSyncMs: number; readyMs: number; loaded: number };
export type WarmStartResult = { filled: true } | WarmLoad | { signedOut: true } | { error: string };

const started = performance.now();
const params = JSON.parse(decodeURIComponent(location.hash.slice(1))) as WarmStartPage;
const app = initializeApp({ projectId: params.projectId, apiKey: "demo-api-key", authDomain: `${params.projectId}.firebaseapp.com` }, "bench");
const report = (result: WarmStartResult) => ((window as unknown as { benchResult: WarmStartResult }).benchResult = result);
const since = () => performance.now() - started;
const HOUR = 3_600_000;

async function syncgate(): Promise<WarmStartResult> {
  const client = createSyncClient({ app, device: { name: "Bench browser", platform: "chromium" }, persistence: "indexeddb", emulators: params.emulators });
  if (params.phase === "sign-out") {
    await client.ready;
    await client.signOut({ force: true });
    return { signedOut: true };
  }
  if (params.phase === "fill") {
    // a fill tried again (see bench/browser.ts) resumes the session the first try claimed
    await client.ready;
    if (!client.user) await client.signIn({ identifier: params.email, password: params.password });
    await client.awaitInSync(HOUR);
    return { filled: true };
  }
  const view = completeView(client);
  await client.ready;
  const readyMs = since();
  const viewMs = await view;
  await client.awaitInSync(HOUR);
  return { viewMs, inSyncMs: since(), loaded: params.total, readyMs };
}

/** When every kind's view lists the account's entities, in all. */
function completeView(client: SyncClient): Promise<number> {
  return new Promise((resolve) => {
    const stops: (() => void)[] = [];
    const check = () => {
      if (ENTITY_KINDS.reduce((sum, kind) => sum + client[kind].list().length, 0) < params.total) return;
      stops.forEach((stop) => stop());
      resolve(since());
    };
    for (const kind of ENTITY_KINDS) stops.push(client[kind].onChange(check));
    check();
  });
}

/** Listens to all nine kinds until each is current with the server (then lets go). */
async function listenUntilCurrent(db: Firestore): Promise<void> {
  const stops = await Promise.all(
    ENTITY_KINDS.map(
      (kind) =>
        new Promise<() => void>((resolve) => {
          const stop = onSnapshot(collection(db, `users/${params.uid}/${kind}`), { includeMetadataChanges: true }, (snap) => !snap.metadata.fromCache && resolve(stop));
        }),
    ),
  );
  stops.forEach((stop) => stop());
}

async function raw(): Promise<WarmStartResult> {
  const auth = getAuth(app);
  connectAuthEmulator(auth, `http://${params.emulators.auth}`, { disableWarnings: true });
  // nothing evicted, as syncgate: a cache of the whole account
  const db = initializeFirestore(app, { localCache: persistentLocalCache({ cacheSizeBytes: CACHE_SIZE_UNLIMITED }) });
  const [host, port] = params.emulators.firestore.split(":");
  connectFirestoreEmulator(db, host!, Number(port));
  if (params.phase === "fill") {
    await signInWithCustomToken(auth, params.token!);
    await listenUntilCurrent(db);
    return { filled: true };
  }
  await auth.authStateReady();
  const readyMs = since();
  const data = await Promise.all(ENTITY_KINDS.map(async (kind) => (await getDocsFromCache(collection(db, `users/${params.uid}/${kind}`))).docs.map((d) => d.data())));
  const viewMs = since();
  await listenUntilCurrent(db);
  return { viewMs, inSyncMs: since(), loaded: data.reduce((sum, docs) => sum + docs.length, 0), readyMs };
}

(params.side === "syncgate" ? syncgate() : raw()).then(report, (e: unknown) => report({ error: String((e as Error)?.stack ?? e) }));
