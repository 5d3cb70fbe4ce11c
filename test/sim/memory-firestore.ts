// An in-memory model of Firestore as this project has seen it behave, behind the
// client's Remote port: a server that applies the rules' sync preconditions, and per
// device a replica with Firestore's local cache, its ordered offline queue and its
// listeners. It must not be kinder than the emulator; each behaviour cites the test that
// shows it there:
// - a create needs rev 1 and no document; an update needs rev + 1 on the exact base
//   (baseBy), and a delete or restore changes nothing but the lifecycle
//   (test/rules/entities.rules.test.ts, "accepts an update only from the exact base
//   version", "deletes and restores as lifecycle-only writes");
// - the local view shows queued writes over the last server version known; a refused
//   write drops out of it, so the view falls back to that (possibly older) server version
//   (test/client/convergence.test.ts, "while its write of an item is in flight a device
//   shows what it wrote…", which exists because of it);
// - an acknowledgement makes the committed version the local one, unless the listener
//   brought a newer one first;
// - writes reach the server in order; a cut loses the replies in flight, and the queue is
//   sent again on reconnect, so a write whose acknowledgement was lost is refused the
//   second time (test/client/status.test.ts, "a write whose acknowledgement is lost…");
// - listeners report from the cache until the server confirms them (fromCache), then
//   documents, then "current"; after a cut they resume with what changed
//   (test/client/status.test.ts, test/client/convergence.test.ts "delta resume"). A
//   listener reset (the emulator sends RESET and the query's documents again on every
//   change: test/client/ledger.test.ts counts a version once per query for it) sends
//   only versions the cache holds already, which changes nothing a listener reports as
//   long as documents never leave the server; purges, which would make a reset remove
//   documents, are not modelled;
// - a listener may skip one change and still report itself current
//   (test/client/audit.test.ts, "a change the listener never received…"): the
//   `skipListen` fault;
// - server reads fail with `unavailable` while offline (client/src/util/retry.ts), and
//   what they read goes to the cache (their results take the listener's path);
// - a persistent cache keeps documents and queued writes across an app restart; the
//   writes are sent by the next start, but the promises of the closed one never settle
//   (test/client/convergence.test.ts "delta resume", test/client/lifecycle.test.ts);
//   a delta listener (`updatedAt > checkpoint`) hears only of later versions.
import type { EntityKind } from "../../client/src/index.js";
import type { Fingerprint, Remote, RemoteBatch, RemoteChange, RemoteError, ServerTime } from "../../client/src/sync/remote.js";
import type { Version } from "../../client/src/sync/write-state.js";
import { deepEqual } from "../../client/src/util/equal.js";
import { applyPatch } from "../../client/src/sync/patch.js";
import type { Scheduler } from "./scheduler.js";
import { SimTime } from "./server-time.js";

const LIFECYCLE_FIELDS = new Set(["deleted", "deletedWith", "deletion", "rev", "updatedAt", "updatedBy", "baseBy"]);

const key = (kind: EntityKind, id: string) => `${kind}/${id}`;
const revOf = (v: Version | undefined) => (v?.["rev"] as number | undefined) ?? 0;

function remoteError(code: string, message: string): RemoteError {
  return Object.assign(new Error(message), { code });
}

interface Commit {
  kind: EntityKind;
  id: string;
  version: Version;
}

/** Whether a version matches a listener's query (a delta listener's: stamped after its checkpoint). */
function matches(target: { since: number | undefined }, version: Version): boolean {
  return target.since === undefined || (version["updatedAt"] as SimTime).toMillis() > target.since;
}

/** The server: documents, the rules' sync preconditions, and the listen streams out. */
export class SimServer {
  readonly docs = new Map<string, Version>();
  readonly byKind = new Map<EntityKind, Set<string>>();
  private lastNanos = 0;
  readonly replicas = new Set<SimReplica>();

  constructor(private readonly scheduler: Scheduler) {}

  /** Applies a write if the rules allow it; every listening replica online hears of it. */
  commit(kind: EntityKind, id: string, op: "create" | "update", data: Version, sid: string): Version | undefined {
    const prev = this.docs.get(key(kind, id));
    const next = op === "create" ? this.create(prev, data, sid) : this.update(prev, data, sid);
    if (!next) return undefined;
    const version = { ...next, updatedAt: this.stamp() };
    this.docs.set(key(kind, id), version);
    let ids = this.byKind.get(kind);
    if (!ids) this.byKind.set(kind, (ids = new Set()));
    ids.add(id);
    for (const replica of this.replicas) replica.heard({ kind, id, version });
    return version;
  }

  /** The documents of a kind changed at or after `since`. */
  changed(kind: EntityKind, since: ServerTime): { id: string; data: Version }[] {
    const from = since.seconds * 1e9 + since.nanoseconds;
    return [...(this.byKind.get(kind) ?? [])]
      .map((id) => ({ id, data: this.docs.get(key(kind, id))! }))
      .filter(({ data }) => {
        const at = data["updatedAt"] as SimTime;
        return at.seconds * 1e9 + at.nanoseconds >= from;
      });
  }

  private create(prev: Version | undefined, data: Version, sid: string): Version | undefined {
    const ok = !prev && data["rev"] === 1 && data["updatedBy"] === sid && data["deleted"] === false && !("baseBy" in data);
    return ok ? data : undefined;
  }

  private update(prev: Version | undefined, data: Version, sid: string): Version | undefined {
    if (!prev || data["rev"] !== revOf(prev) + 1 || data["baseBy"] !== prev["updatedBy"] || data["updatedBy"] !== sid) return undefined;
    const next = applyPatch(prev, data);
    const affected = Object.keys(next).filter((k) => !deepEqual(next[k], prev[k]));
    const lifecycleChanged = next["deleted"] !== prev["deleted"];
    if (lifecycleChanged && !affected.every((k) => LIFECYCLE_FIELDS.has(k))) return undefined;
    if (affected.includes("importedWith") || affected.includes("conflictOf")) return undefined;
    if (!lifecycleChanged && prev["deleted"] !== true && (affected.includes("deletedWith") || affected.includes("deletion"))) return undefined;
    return next;
  }

  /** Server time: the scheduler's clock, strictly increasing per commit. */
  private stamp(): SimTime {
    this.lastNanos = Math.max(this.lastNanos + 1, this.scheduler.now() * 1e6);
    return new SimTime(Math.floor(this.lastNanos / 1e9), this.lastNanos % 1e9);
  }
}

interface Mutation {
  seq: number;
  kind: EntityKind;
  id: string;
  op: "create" | "update";
  data: Version;
  /** the local time of the write: the estimate of its server time while pending */
  at: SimTime;
  sent: boolean;
  resolve(): void;
  reject(error: RemoteError): void;
}

interface Target {
  kind: EntityKind;
  /** a delta listener's checkpoint (ms): only versions stamped after it match */
  since: number | undefined;
  onBatch(batch: RemoteBatch): void;
  /** what this listener last reported of each document */
  shown: Map<string, { sig: string; data: Version }>;
  /** the server confirmed this listener since it (re)connected */
  current: boolean;
  last: { fromCache: boolean; hasPendingWrites: boolean } | undefined;
}

type Inbound = { type: "doc"; commit: Commit } | { type: "current"; target: Target };

export interface Faults {
  /** the chance that a listener skips a change (and still reports itself current) */
  skipListen: number;
}

export interface Action {
  label: string;
  run(): void;
}

/** One device's Firestore: its cache, offline queue and listeners, and its link to the server. */
export class SimReplica implements Remote {
  private online = true;
  private readonly cache = new Map<string, Version>();
  private readonly queue: Mutation[] = [];
  private readonly pendingByKey = new Map<string, Mutation[]>();
  private readonly pendingByKind = new Map<EntityKind, number>();
  private watch: Inbound[] = [];
  private replies: { mutation: Mutation; version: Version | undefined }[] = [];
  private reads: { label: string; answer(): void; fail(error: RemoteError): void }[] = [];
  private readonly targets = new Set<Target>();
  private dirty = new Map<EntityKind, Set<string>>();
  private seq = 0;

  constructor(
    readonly name: string,
    private readonly server: SimServer,
    private readonly sid: string,
    private readonly scheduler: Scheduler,
    private readonly faults: Faults,
  ) {
    server.replicas.add(this);
  }

  get isOnline(): boolean {
    return this.online;
  }

  // ---- the Remote port ----

  write(kind: EntityKind, id: string, op: "create" | "update", data: Version): Promise<void> {
    return new Promise((resolve, reject) => {
      const mutation: Mutation = { seq: this.seq++, kind, id, op, data, at: SimTime.fromMillis(this.scheduler.now()), sent: false, resolve, reject };
      this.queue.push(mutation);
      const k = key(kind, id);
      const list = this.pendingByKey.get(k);
      if (list) list.push(mutation);
      else {
        this.pendingByKey.set(k, [mutation]);
        this.pendingByKind.set(kind, (this.pendingByKind.get(kind) ?? 0) + 1);
      }
      this.touch(kind, id);
      this.flush();
    });
  }

  readFromServer(kind: EntityKind, id: string): Promise<Version | undefined> {
    return this.serverRead(`read ${key(kind, id)}`, () => {
      const version = this.server.docs.get(key(kind, id));
      if (version) this.store({ kind, id, version });
      return version;
    });
  }

  readCache(kind: EntityKind): Promise<{ id: string; data: Version; pending: boolean }[]> {
    const ids = new Set<string>();
    for (const k of [...this.cache.keys(), ...this.pendingByKey.keys()]) if (k.startsWith(`${kind}/`)) ids.add(k.slice(kind.length + 1));
    return Promise.resolve([...ids].flatMap((id) => {
      const local = this.local(kind, id);
      return local ? [{ id, data: local.data, pending: local.pending }] : [];
    }));
  }

  listen(kind: EntityKind, since: number | undefined, onBatch: (batch: RemoteBatch) => void): () => void {
    const target: Target = { kind, since, onBatch, shown: new Map(), current: false, last: undefined };
    this.targets.add(target);
    for (const k of this.pendingByKey.keys()) if (k.startsWith(`${kind}/`)) this.touch(kind, k.slice(kind.length + 1));
    for (const k of this.cache.keys()) if (k.startsWith(`${kind}/`)) this.touch(kind, k.slice(kind.length + 1));
    if (this.online) this.resume(target);
    this.flush();
    return () => this.targets.delete(target);
  }

  fingerprint(kind: EntityKind, since: ServerTime): Promise<Fingerprint> {
    return this.serverRead(`fingerprint ${kind}`, () => {
      const docs = this.server.changed(kind, since);
      return { count: docs.length, revs: docs.reduce((sum, d) => sum + revOf(d.data), 0) };
    });
  }

  changedSince(kind: EntityKind, since: ServerTime): Promise<{ id: string; data: Version }[]> {
    return this.serverRead(`changed ${kind}`, () => {
      const docs = this.server.changed(kind, since);
      for (const { id, data } of docs) this.store({ kind, id, version: data });
      return docs;
    });
  }

  timeAt(ms: number): ServerTime {
    return SimTime.fromMillis(ms);
  }

  // ---- the link ----

  cut(): void {
    if (!this.online) return;
    this.online = false;
    this.watch = [];
    this.replies = [];
    for (const m of this.queue) m.sent = false;
    const reads = this.reads;
    this.reads = [];
    reads.forEach((r) => r.fail(remoteError("unavailable", "offline")));
    for (const target of this.targets) target.current = false;
    this.flush();
  }

  heal(): void {
    if (this.online) return;
    this.online = true;
    for (const target of this.targets) this.resume(target);
  }

  /**
   * The app closes and starts again on this cache (its listeners were stopped): what was
   * in flight is lost, the queued writes stay and are sent again, but nothing answers the
   * closed app's promises any more.
   */
  restart(): void {
    this.watch = [];
    this.replies = [];
    for (const m of this.queue) {
      m.sent = false;
      m.resolve = () => undefined;
      m.reject = () => undefined;
    }
    const reads = this.reads;
    this.reads = [];
    reads.forEach((r) => r.fail(remoteError("cancelled", "the app closed")));
  }

  /** A commit on the server: heard by this replica's listeners of its kind, if online. */
  heard(commit: Commit): void {
    if (!this.online) return;
    if ([...this.targets].some((t) => t.kind === commit.kind && matches(t, commit.version))) this.watch.push({ type: "doc", commit });
  }

  /** What can happen next on this device's link, for the scheduler to choose from. */
  actions(): Action[] {
    if (!this.online) return [];
    const actions: Action[] = [];
    const unsent = this.queue.find((m) => !m.sent);
    if (unsent) actions.push({ label: `${this.name} send ${unsent.op} ${key(unsent.kind, unsent.id)} rev ${String(unsent.data["rev"])}`, run: () => this.send(unsent) });
    const reply = this.replies[0];
    if (reply) actions.push({ label: `${this.name} reply ${key(reply.mutation.kind, reply.mutation.id)} ${reply.version ? "ok" : "refused"}`, run: () => this.reply() });
    const next = this.watch[0];
    if (next) actions.push({ label: `${this.name} watch ${next.type === "doc" ? `${key(next.commit.kind, next.commit.id)} rev ${revOf(next.commit.version)}` : `current ${next.target.kind}`}`, run: () => this.deliver() });
    if (this.reads.length > 0) actions.push({ label: `${this.name} ${this.reads[0]!.label}`, run: () => this.reads.shift()!.answer() });
    return actions;
  }

  // ---- internals ----

  private serverRead<T>(label: string, read: () => T): Promise<T> {
    if (!this.online) return Promise.reject(remoteError("unavailable", "offline"));
    return new Promise((resolve, reject) =>
      this.reads.push({
        label,
        answer: () => {
          resolve(read());
          this.flush();
        },
        fail: reject,
      }),
    );
  }

  private send(mutation: Mutation): void {
    mutation.sent = true;
    this.replies.push({ mutation, version: this.server.commit(mutation.kind, mutation.id, mutation.op, mutation.data, this.sid) });
  }

  private reply(): void {
    const { mutation, version } = this.replies.shift()!;
    this.queue.splice(this.queue.indexOf(mutation), 1);
    const k = key(mutation.kind, mutation.id);
    const list = this.pendingByKey.get(k)!;
    list.splice(list.indexOf(mutation), 1);
    if (list.length === 0) {
      this.pendingByKey.delete(k);
      this.pendingByKind.set(mutation.kind, this.pendingByKind.get(mutation.kind)! - 1);
    }
    if (version && revOf(version) > revOf(this.cache.get(k))) this.cache.set(k, version);
    this.touch(mutation.kind, mutation.id);
    this.flush();
    if (version) mutation.resolve();
    else mutation.reject(remoteError("permission-denied", `${k}: refused by the rules`));
  }

  private deliver(): void {
    const message = this.watch.shift()!;
    if (message.type === "current") {
      message.target.current = true;
    } else {
      if (this.scheduler.random() < this.faults.skipListen) return;
      this.store(message.commit);
    }
    this.flush();
  }

  /** A server version reaches the cache (from the listener, or a server read), if newer. */
  private store({ kind, id, version }: Commit): void {
    const k = key(kind, id);
    if (revOf(version) <= revOf(this.cache.get(k))) return;
    this.cache.set(k, version);
    this.touch(kind, id);
  }

  /** A listener (re)connects: the server sends what the cache lacks, then "current". */
  private resume(target: Target): void {
    for (const id of this.server.byKind.get(target.kind) ?? []) {
      const version = this.server.docs.get(key(target.kind, id))!;
      if (matches(target, version) && revOf(version) > revOf(this.cache.get(key(target.kind, id)))) this.watch.push({ type: "doc", commit: { kind: target.kind, id, version } });
    }
    this.watch.push({ type: "current", target });
  }

  private touch(kind: EntityKind, id: string): void {
    let ids = this.dirty.get(kind);
    if (!ids) this.dirty.set(kind, (ids = new Set()));
    ids.add(id);
  }

  /** The local view of a document: the server version known, with the queued writes on top. */
  private local(kind: EntityKind, id: string): { data: Version; sig: string; pending: boolean } | undefined {
    const k = key(kind, id);
    const base = this.cache.get(k);
    const pending = this.pendingByKey.get(k) ?? [];
    let data = base;
    for (const m of pending) {
      if (m.op === "create") data = { ...m.data, updatedAt: m.at };
      else if (data) data = { ...applyPatch(data, m.data), updatedAt: m.at };
    }
    if (!data) return undefined;
    return { data, sig: `${revOf(base)}:${String(base?.["updatedBy"])}:${pending.map((m) => m.seq).join(",")}`, pending: pending.length > 0 };
  }

  /** Tells the listeners what changed, as Firestore raises snapshots: changes, or a change of metadata. */
  private flush(): void {
    const dirty = this.dirty;
    this.dirty = new Map();
    for (const target of this.targets) {
      const changes: RemoteChange[] = [];
      for (const id of dirty.get(target.kind) ?? []) {
        const local = this.local(target.kind, id);
        const now = local && (local.pending || matches(target, local.data)) ? local : undefined;
        const before = target.shown.get(id);
        if (!now) {
          if (before) changes.push({ id, data: before.data, pending: false, metadataOnly: false, removed: true });
          target.shown.delete(id);
          continue;
        }
        if (before?.sig === now.sig) continue;
        target.shown.set(id, { sig: now.sig, data: now.data });
        changes.push({ id, data: now.data, pending: now.pending, metadataOnly: false, removed: false });
      }
      const meta = { fromCache: !target.current || !this.online, hasPendingWrites: (this.pendingByKind.get(target.kind) ?? 0) > 0 };
      if (changes.length === 0 && target.last && target.last.fromCache === meta.fromCache && target.last.hasPendingWrites === meta.hasPendingWrites) continue;
      target.last = meta;
      target.onBatch({ changes, ...meta });
    }
  }
}
