// The SyncClient: sign-in/out lifecycle around one device session, the nine typed
// stores, and the honest status. It adds to the Firebase JS SDK only what Firestore
// lacks (sessions, status, merge, secrets, wipe); persistence, the offline queue and
// listeners are Firestore's own.
import type { FirebaseApp } from "firebase/app";
import {
  connectAuthEmulator,
  signInWithCustomToken,
  signInWithEmailAndPassword,
  signOut as authSignOut,
  type Auth,
  type AuthError,
} from "firebase/auth";
import type { Firestore } from "firebase/firestore";
import { connectFunctionsEmulator, getFunctions, type Functions } from "firebase/functions";
import { initializeAppCheck, type AppCheckOptions } from "firebase/app-check";
import {
  ENTITY_KINDS,
  isEmailIdentifier,
  type BlobRef,
  type SchemaVersion,
  type SessionEndCause,
  type SessionInfo,
  type SessionLimitDetails,
} from "../../schema/index.js";
import { authFor } from "./auth/firebase-auth.js";
import { CallError, callFunction } from "./auth/callables.js";
import { readBlob } from "./remote/firestore/blobs.js";
import { SessionLimitError, SyncGateError, UnsyncedChangesError, type UnsyncedChange, type WaitingChange } from "./errors.js";
import { SecretCipher } from "./secrets/cipher.js";
import { DEFAULT_HEARTBEAT_MS, SESSION_LISTENER, SessionWatch } from "./remote/firestore/session-watch.js";
import { DEFAULT_AUDIT_SCHEDULE, scheduleAudits, type AuditScheduleOptions } from "./status/audit-schedule.js";
import { watchForStalls } from "./status/stall-watch.js";
import { StatusTracker, type StatusSnapshot, type SyncStatus } from "./status/status.js";
import { emptyMetrics, type SessionContext, type SyncMetrics } from "./store/context.js";
import { PostmanInterop } from "./interop/index.js";
import { rollBackInterruptedImports } from "./interop/bulk-write.js";
import { AccountStores } from "./store/account-stores.js";
import { HeldEdits } from "./store/held-edits.js";
import type { EntityStores } from "./store/entity-store.js";
import { conflictCopies, type ConflictHandler } from "./sync/conflicts.js";
import { FirestoreRemote } from "./remote/firestore/remote.js";
import { systemClock } from "./util/clock.js";
import { defaultStorage, PREFIX, randomId, type KeyValueStorage } from "./util/storage.js";
import { closeFirestore, openFirestore, readSessions, reconnect, writesFlushed, type Persistence } from "./remote/firestore/instance.js";

export type { Persistence };

export interface SyncClientOptions {
  app: FirebaseApp;
  device: { name: string; platform?: string };
  /** Firestore's local cache: browsers default to IndexedDB shared by tabs, elsewhere memory. */
  persistence?: Persistence;
  /** where the device id, session id and local-only values live; localStorage or memory by default */
  storage?: KeyValueStorage;
  /** connect to the Firebase emulators (host:port of each) */
  emulators?: { auth?: string; firestore?: string; functions?: string };
  /** the region the functions are deployed to (their FUNCTIONS_REGION param); default us-central1 */
  functionsRegion?: string;
  /**
   * App Check: the provider proving this is your app (reCAPTCHA Enterprise in browsers, a
   * debug or custom provider in tests); needed once the functions run with ENFORCE_APP_CHECK=true
   * and Firestore's App Check enforcement is on. An app that initialized App Check itself
   * leaves this out.
   */
  appCheck?: AppCheckOptions;
  /** how often the session's lastSeenAt is refreshed while the app runs; default a day (sessions expire after 30 days unseen) */
  heartbeatMs?: number;
  /** how long signOut waits for local changes to reach the server; default 5 s */
  flushTimeoutMs?: number;
  /**
   * how long writes may wait with none acknowledged, while connected, before the client
   * reconnects (a reply lost on a live connection); default 20 s
   */
  stallTimeoutMs?: number;
  /**
   * when the views are checked against the server for changes a listener missed (an
   * aggregation query per kind): `afterSyncMs` (5 s) after a start or reconnect settles at
   * IN_SYNC (never for this device's own edits), no closer than `minGapMs` (30 s) apart,
   * every `intervalMs` if set (default 0: no periodic pass), and again after `confirmMs`
   * (10 s) while a view is behind; one still behind then is repaired
   */
  audit?: Partial<AuditScheduleOptions>;
  /**
   * what becomes of this device's version of an item when a same-field clash keeps the
   * server's value; default `conflictCopies`: a visible copy linked to the original
   */
  conflicts?: ConflictHandler;
  /**
   * The schema version this build of the app writes (schema/versions.ts); default the
   * package's own. Tests of upgrades run an app of the next version with it.
   */
  schema?: SchemaVersion;
}

export interface SignInOptions {
  /** email or username */
  identifier: string;
  password: string;
  /** encrypts secret variable values; defaults to the password */
  secretsPassphrase?: string;
}

export type SessionEndReason = "signed-out" | "revoked" | "account-deleted";

export interface SessionEndDetail {
  /** the server's record of why, when the session ended elsewhere: revoked, evicted, replaced, expired */
  cause?: SessionEndCause;
  /**
   * edits this device had not synced, kept sealed (see store/held-edits.ts) when the
   * session ended without the user signing out: the next sign-in to the same account, with
   * the password, syncs them. 0 after a sign-out by the user, which discards them.
   */
  heldEdits: number;
}

interface ActiveSession {
  uid: string;
  sid: string;
  db: Firestore;
  watch: SessionWatch;
  /** what to stop with the session besides the listeners */
  stops: (() => void)[];
}

const hostPort = (value: string): [string, number] => {
  const [host, port] = value.split(":");
  return [host ?? "127.0.0.1", Number(port)];
};

// the nine stores, one property per kind (the AccountStores' own)
export interface SyncClient extends EntityStores {}

export class SyncClient implements EntityStores {
  private readonly stores: AccountStores;

  /** Postman import/export: collections (v2.0/v2.1), environments, globals */
  readonly postman: PostmanInterop;

  /** resolves once a session persisted from an earlier run (page reload) is resumed or ruled out */
  readonly ready: Promise<void>;

  private readonly auth: Auth;
  private readonly functions: Functions;
  private readonly storage: KeyValueStorage;
  private readonly tracker = new StatusTracker();
  private readonly errorObservers = new Set<(e: SyncGateError) => void>();
  private readonly endObservers = new Set<(reason: SessionEndReason, detail: SessionEndDetail) => void>();
  private active: ActiveSession | undefined;
  private context: SessionContext | undefined;
  /** why the session is about to end, when this device itself is ending it */
  private endingBecause: SessionEndReason | undefined;
  /** what this session transferred (reset at each sign-in or resume) */
  readonly metrics: SyncMetrics = emptyMetrics();
  private cipher: SecretCipher | undefined;
  /** the secrets key of the sign-in under way, derived while its session is claimed */
  private keyReady: Promise<void> = Promise.resolve();

  constructor(private readonly options: SyncClientOptions) {
    this.stores = new AccountStores(options.schema);
    for (const kind of ENTITY_KINDS) Object.defineProperty(this, kind, { value: this.stores.store(kind), enumerable: true });
    this.auth = authFor(options.app);
    // App Check first: callables and Firestore then send its token with every request
    if (options.appCheck) initializeAppCheck(options.app, { isTokenAutoRefreshEnabled: true, ...options.appCheck });
    this.functions = getFunctions(options.app, options.functionsRegion ?? "us-central1");
    if (options.emulators?.auth) connectAuthEmulator(this.auth, `http://${options.emulators.auth}`, { disableWarnings: true });
    if (options.emulators?.functions) connectFunctionsEmulator(this.functions, ...hostPort(options.emulators.functions));
    this.storage = options.storage ?? defaultStorage();
    this.postman = new PostmanInterop(this, () => this.requireContext());
    this.ready = this.resume();
  }

  // ---- status ----

  get status(): SyncStatus {
    return this.tracker.snapshot.status;
  }

  get pendingWrites(): number {
    return this.tracker.snapshot.pendingWrites;
  }

  get lastSyncedAt(): Date | null {
    return this.tracker.snapshot.lastSyncedAt;
  }

  /** The status with its details; the same object until something in it changes. */
  get statusSnapshot(): StatusSnapshot {
    return this.tracker.snapshot;
  }

  /** Calls back on every status change (status, pending count, last sync); returns the unsubscribe. */
  onStatusChange(callback: (status: SyncStatus, detail: StatusSnapshot) => void): () => void {
    return this.tracker.subscribe((s) => callback(s.status, s));
  }

  /** Resolves when everything is confirmed by the server (IN_SYNC). */
  awaitInSync(timeoutMs = 30_000): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.status === "IN_SYNC") return resolve();
      const timer = setTimeout(() => {
        stop();
        reject(new SyncGateError("network", `not in sync after ${timeoutMs} ms (status ${this.status})`));
      }, timeoutMs);
      const stop = this.tracker.subscribe((s) => {
        if (s.status !== "IN_SYNC") return;
        clearTimeout(timer);
        stop();
        resolve();
      });
    });
  }

  /**
   * Edits the server's rules refused for their shape, not their base: typically this app
   * is newer than the rules deployed. They are kept and shown (`waiting` on the entity),
   * tried again at the next start and now and then while the app runs.
   */
  waiting(): WaitingChange[] {
    return this.stores.waiting();
  }

  /** Tries the waiting edits again now (after the rules were deployed, say). */
  retryWaiting(): void {
    this.stores.retryWaiting();
  }

  /** Errors of background work (a write that could not be saved, a failed listener). */
  onError(callback: (error: SyncGateError) => void): () => void {
    this.errorObservers.add(callback);
    return () => this.errorObservers.delete(callback);
  }

  /**
   * The session ended: signed out here, revoked from another device (or evicted, expired),
   * or the account was deleted. The device is wiped either way; `detail.heldEdits` says how
   * many unsynced edits it kept for the next sign-in.
   */
  onSessionEnded(callback: (reason: SessionEndReason, detail: SessionEndDetail) => void): () => void {
    this.endObservers.add(callback);
    return () => this.endObservers.delete(callback);
  }

  /** Who is signed in (the username is set at sign-up; null for accounts made before it was). */
  get user(): { uid: string; email: string | null; username: string | null } | undefined {
    const user = this.auth.currentUser;
    return this.active && user ? { uid: user.uid, email: user.email, username: user.displayName } : undefined;
  }

  get sessionId(): string | undefined {
    return this.active?.sid;
  }

  get uid(): string | undefined {
    return this.active?.uid;
  }

  /** This install's stable device id (kept across sign-outs). */
  get deviceId(): string {
    let id = this.storage.getItem(`${PREFIX}deviceId`);
    if (!id) {
      id = randomId(24);
      this.storage.setItem(`${PREFIX}deviceId`, id);
    }
    return id;
  }

  // ---- accounts ----

  async signUp(input: { email: string; username: string; password: string }): Promise<void> {
    await callFunction(this.functions, "createAccount", input, this.metrics);
    await this.signIn({ identifier: input.email, password: input.password });
  }

  /**
   * Signs in by email or username, claims a device session and starts syncing. When the
   * account is at its device limit, throws SessionLimitError: call its evictOldest() or
   * evict(sid) to continue, or signOut() to give up.
   */
  async signIn(input: SignInOptions): Promise<void> {
    await this.ready;
    if (this.active) throw new SyncGateError("already-signed-in", "sign out first");
    this.resetMetrics();
    try {
      if (isEmailIdentifier(input.identifier)) {
        await signInWithEmailAndPassword(this.auth, input.identifier.trim(), input.password);
      } else {
        const { token } = await callFunction(this.functions, "signInWithUsername", { username: input.identifier, password: input.password }, this.metrics);
        await signInWithCustomToken(this.auth, token);
      }
    } catch (e) {
      throw toSignInError(e);
    }
    // PBKDF2 takes tens of milliseconds: derive the secrets key while the session is
    // claimed (two round trips); the stores open only once both are done
    this.keyReady = this.deriveKey(input.secretsPassphrase ?? input.password, this.auth.currentUser!.uid);
    await Promise.all([this.keyReady, this.claim()]);
  }

  private async deriveKey(secret: string, uid: string): Promise<void> {
    this.cipher = await SecretCipher.derive(secret, uid);
    this.storage.setItem(`${PREFIX}key:${uid}`, await this.cipher.export());
  }

  async recoverUsername(email: string): Promise<void> {
    await callFunction(this.functions, "recoverUsername", { email }, this.metrics);
  }

  async requestPasswordReset(identifier: string): Promise<void> {
    await callFunction(this.functions, "requestPasswordReset", { identifier }, this.metrics);
  }

  /**
   * Deletes the account and everything in it, then wipes this device. Like any
   * irreversible account change it needs the password again (a recent sign-in): a
   * stolen, unlocked device alone cannot delete the account.
   */
  async deleteAccount(input: { password: string }): Promise<void> {
    this.requireActive();
    await callFunction(this.functions, "confirmPassword", { password: input.password }, this.metrics);
    this.endingBecause = "account-deleted"; // the session vanishes with the account
    try {
      await callFunction(this.functions, "deleteAccount", {}, this.metrics);
    } finally {
      this.endingBecause = undefined;
    }
    await this.teardown({ release: false, reason: "account-deleted" });
  }

  /**
   * The full text of a payload kept in chunks: a response's `bodyBlob`, a run's
   * `resultsBlob`, a variable's `initialValueBlob`. Throws `not-found` when its chunks are
   * gone (purged) or not cached on an offline device.
   */
  readBlob(ref: BlobRef): Promise<string> {
    return readBlob(this.requireContext(), ref);
  }

  private requireContext(): SessionContext {
    if (!this.context) throw new SyncGateError("not-signed-in", "sign in first");
    return this.context;
  }

  // ---- sessions ----

  /** The account's signed-in devices. */
  async listSessions(): Promise<SessionInfo[]> {
    const active = this.requireActive();
    const { sessions, fromServer } = await readSessions(active.db, active.uid);
    this.metrics.documentsFromServer += fromServer;
    return sessions;
  }

  /** Signs another device out (it notices at once and wipes itself). */
  async revokeSession(sid: string): Promise<void> {
    this.requireActive();
    await callFunction(this.functions, "revokeSession", { sid }, this.metrics);
  }

  /**
   * Signs out: waits (bounded) for local changes to reach the server, releases the
   * session, and wipes this device's data (Firestore cache, IndexedDB, keys, local
   * values). If changes could not be flushed, throws UnsyncedChangesError listing them
   * and stays signed in, unless `force` is set.
   */
  async signOut(options: { force?: boolean } = {}): Promise<void> {
    await this.ready;
    if (this.active && !options.force) {
      const flushed = await Promise.race([
        this.flushed(this.active.db),
        new Promise<false>((r) => setTimeout(() => r(false), this.options.flushTimeoutMs ?? 5_000)),
      ]);
      if (!flushed) throw new UnsyncedChangesError(this.unsynced());
    }
    await this.teardown({ release: true, reason: "signed-out" });
  }

  /**
   * Drops and reopens the connection at once (a "retry now"), instead of waiting out
   * Firestore's backoff, which can reach a minute after some transport errors.
   */
  async reconnect(): Promise<void> {
    const active = this.active;
    if (!active) return;
    await reconnect(active.db);
  }

  /**
   * Stops syncing without signing out (an app closing or a page unloading): the local
   * cache, the session and the keys stay, so the next start resumes where this left off.
   */
  async dispose(): Promise<void> {
    const active = this.active;
    if (!active) return;
    // changes still being encoded go to Firestore's persistent queue first
    await this.issued();
    this.active = undefined;
    this.stopSession(active);
    await closeFirestore(active.db, this.options.app, { wipe: false });
  }

  // ---- internals ----

  private stopSession(active: ActiveSession): void {
    this.context = undefined;
    active.watch.stop();
    active.stops.forEach((stop) => stop());
    this.stores.close();
    this.tracker.stop();
  }

  private requireActive(): ActiveSession {
    if (!this.active) throw new SyncGateError("not-signed-in", "sign in first");
    return this.active;
  }

  private async claim(evict?: { oldest: true } | { sid: string }): Promise<void> {
    let result;
    try {
      result = await callFunction(this.functions, "claimSession", {
        deviceId: this.deviceId,
        deviceName: this.options.device.name,
        ...(this.options.device.platform ? { platform: this.options.device.platform } : {}),
        ...(evict && "oldest" in evict ? { evictOldest: true } : {}),
        ...(evict && "sid" in evict ? { evictSid: evict.sid } : {}),
      }, this.metrics);
    } catch (e) {
      if (e instanceof CallError && e.functionsError.code === "functions/resource-exhausted") {
        const details = e.functionsError.details as SessionLimitDetails;
        throw new SessionLimitError(details.sessions, details.limit, (next) => this.claim(next));
      }
      throw e;
    }
    await signInWithCustomToken(this.auth, result.token);
    const uid = this.auth.currentUser!.uid;
    this.storage.setItem(`${PREFIX}sid:${uid}`, result.sid);
    await this.keyReady;
    await this.releaseHeldEdits(uid);
    this.start(uid, result.sid, { claimedAt: Date.now() });
  }

  /** Edits an earlier session of this account kept at its end go back in the outbox, for the start to merge. */
  private async releaseHeldEdits(uid: string): Promise<void> {
    if (!this.cipher) return;
    const { locked } = await new HeldEdits(this.storage, uid).release(this.cipher);
    if (locked > 0) {
      const error = new SyncGateError("held-edits-locked", `${locked} edit(s) kept from an earlier session were sealed with another password; sign in with that password to sync them`);
      queueMicrotask(() => this.errorObservers.forEach((cb) => cb(error)));
    }
  }

  /** Picks up a session that survived a page reload (persistent Auth and storage). */
  private async resume(): Promise<void> {
    await this.auth.authStateReady();
    const user = this.auth.currentUser;
    if (!user) return;
    const sid = this.storage.getItem(`${PREFIX}sid:${user.uid}`);
    const claim = (await user.getIdTokenResult()).claims["sid"];
    if (!sid || claim !== sid) return;
    const key = this.storage.getItem(`${PREFIX}key:${user.uid}`);
    this.cipher = key ? await SecretCipher.import(key) : undefined;
    this.resetMetrics();
    this.start(user.uid, sid);
  }

  private persistence(): Persistence {
    const browser = typeof indexedDB !== "undefined" && typeof window !== "undefined";
    return this.options.persistence ?? (browser ? "indexeddb-multitab" : "memory");
  }

  /** The ledger counts per session: from its sign-in (the callables it takes included), or from its resume. */
  private resetMetrics(): void {
    for (const key of Object.keys(this.metrics) as (keyof SyncMetrics)[]) this.metrics[key] = 0;
  }

  /** `claimedAt`: the session was claimed just now, which set its lastSeenAt (no beat needed yet). */
  private start(uid: string, sid: string, { claimedAt }: { claimedAt?: number } = {}): void {
    const emulator = this.options.emulators?.firestore;
    const db = openFirestore(this.options.app, this.persistence(), emulator ? hostPort(emulator) : undefined);
    const watch = new SessionWatch(db, uid, sid, this.tracker, this.metrics, this.storage, (cause) =>
      void this.teardown({ release: false, reason: this.endingBecause ?? (cause === "account-deleted" ? "account-deleted" : "revoked"), ...(cause ? { cause } : {}) }),
    );
    const active: ActiveSession = { uid, sid, db, watch, stops: [] };
    this.active = active;
    const ctx: SessionContext = {
      db,
      remote: new FirestoreRemote(db, uid),
      clock: systemClock,
      newId: () => randomId(),
      uid,
      sid,
      deviceName: this.options.device.name,
      conflicts: this.options.conflicts ?? conflictCopies,
      status: this.tracker,
      cipher: this.cipher,
      storage: this.storage,
      metrics: this.metrics,
      reportError: (e) => this.errorObservers.forEach((cb) => cb(e)),
      accessLost: () => void watch.verify(),
    };
    this.context = ctx;
    this.tracker.start([SESSION_LISTENER, ...ENTITY_KINDS]);
    const audit = { ...DEFAULT_AUDIT_SCHEDULE, ...this.options.audit };
    const cacheShown = this.stores.open(ctx, {
      persistent: this.persistence() !== "memory",
      auditConfirmMs: audit.confirmMs,
      report: (kind, fromCache, hasPendingWrites) => this.tracker.report(kind, { fromCache, hasPendingWrites }),
    });
    // The session watch opens the connection, and its target's bookkeeping shares the local
    // cache's one-at-a-time queue: it starts with the listeners, once the cached view is
    // shown (a warm start's view came about 10% later otherwise; bench/RESULTS.md). That
    // only delays when a device learns its session ended: the rules refuse its reads and
    // writes meanwhile, and a refusal asks the server at once (accessLost).
    void cacheShown.then(() => watch.start(this.options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS, claimedAt));
    const stopStallWatch = watchForStalls(this.tracker, {
      stallMs: this.options.stallTimeoutMs ?? 20_000,
      reconnect: () => this.reconnect(),
      onReconnect: () => this.metrics.stallReconnects++,
    });
    const stopAudits = scheduleAudits(this.tracker, this.stores.audits(), audit, () => void this.reconnect().catch(() => undefined));
    active.stops.push(stopStallWatch, stopAudits);
    void rollBackInterruptedImports(ctx, () => this.context === ctx).catch((e: Error) => ctx.reportError(new SyncGateError("network", `could not clean up an interrupted import: ${e.message}`, { cause: e })));
  }

  /** Every local change reached the server: those still being encoded are handed to Firestore first. */
  private async flushed(db: Firestore): Promise<true> {
    await this.issued();
    await writesFlushed(db);
    return true;
  }

  private issued(): Promise<void> {
    return this.stores.issued();
  }

  private unsynced(): UnsyncedChange[] {
    return this.stores.unsynced();
  }

  private tearingDown: Promise<void> | undefined;

  private teardown(options: { release: boolean; reason: SessionEndReason; cause?: SessionEndCause }): Promise<void> {
    this.tearingDown ??= this.wipe(options).finally(() => (this.tearingDown = undefined));
    return this.tearingDown;
  }

  /**
   * Stops everything and leaves nothing of the user on this device, but the unsynced edits
   * of a session that ended elsewhere, sealed (see store/held-edits.ts).
   */
  private async wipe({ release, reason, cause }: { release: boolean; reason: SessionEndReason; cause?: SessionEndCause }): Promise<void> {
    const active = this.active;
    this.active = undefined;
    const uid = active?.uid ?? this.auth.currentUser?.uid;
    const held = uid && reason === "revoked" ? new HeldEdits(this.storage, uid) : undefined;
    let sealed = { count: 0, save: () => undefined as void };
    if (active) {
      this.stopSession(active);
      // read before the wipe: the outbox lists every write not yet settled
      if (held && this.cipher) sealed = await held.seal(this.cipher);
      if (release) {
        await Promise.race([
          callFunction(this.functions, "releaseSession", { sid: active.sid }, this.metrics).catch(() => undefined),
          new Promise((r) => setTimeout(r, 5_000)),
        ]);
      }
      await closeFirestore(active.db, this.options.app, { wipe: true });
    }
    await authSignOut(this.auth);
    if (uid) for (const key of this.storage.keys(PREFIX).filter((k) => k.includes(`:${uid}`) && !held?.isHeld(k))) this.storage.removeItem(key);
    sealed.save();
    this.cipher = undefined;
    const detail: SessionEndDetail = { ...(cause ? { cause } : {}), heldEdits: held?.count() ?? 0 };
    if (active) this.endObservers.forEach((cb) => cb(reason, detail));
  }
}

function toSignInError(e: unknown): SyncGateError {
  if (e instanceof SyncGateError) return e;
  const code = (e as AuthError).code ?? "";
  // one error for every way an email sign-in can fail on its credentials: which one it was
  // (unknown email, wrong password, disabled) would tell whether an account exists
  if (
    ["auth/invalid-credential", "auth/invalid-login-credentials", "auth/wrong-password", "auth/user-not-found", "auth/invalid-email", "auth/user-disabled", "auth/missing-password"].includes(code)
  ) {
    return new SyncGateError("invalid-credentials", "wrong username, email or password", { cause: e });
  }
  if (code === "auth/too-many-requests") return new SyncGateError("throttled", "too many attempts: wait a few minutes", { cause: e });
  if (code === "auth/network-request-failed") return new SyncGateError("network", "could not reach the sign-in service", { cause: e });
  return new SyncGateError("internal", `sign-in failed: ${(e as Error).message}`, { cause: e });
}

export function createSyncClient(options: SyncClientOptions): SyncClient {
  return new SyncClient(options);
}
