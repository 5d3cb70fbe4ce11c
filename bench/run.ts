// Benchmarks: syncgate next to the raw Firebase JS SDK, same emulator, same run. Absolute
// times on the emulator are not production figures; the ratios are the point.
// `npm run bench`; settings: BENCH_SCALE (0.1 for a quick run), BENCH_ONLY (e.g.
// import,restore), BENCH_PACE_MS, BENCH_ROUNDS, BENCH_HOUR_MS (the idle case's simulated
// hour), BENCH_WARM_ROUNDS and BENCH_PROFILE (bench/browser.ts), BENCH_OUT (default
// bench/results). Writes
// latest.json, latest.md and SVG charts (latency.svg, cost.svg) there.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { collection, doc, getDocs, onSnapshot, serverTimestamp, updateDoc, writeBatch, type DocumentData, type Firestore } from "firebase/firestore";
import { ENTITY_KINDS, type EntityKind, type SyncClient, type SyncMetrics } from "../client/src/index.js";
import { DEFAULT_HEARTBEAT_MS } from "../client/src/remote/firestore/session-watch.js";
import { DEFAULT_AUDIT_SCHEDULE } from "../client/src/status/audit-schedule.js";
import { call, deviceWithSession, functionsAdmin, signInProofToken } from "../test/harness/accounts.js";
import { closeAdmins } from "../test/harness/admin.js";
import { ClientFleet, newAccount } from "../test/harness/clients.js";
import { Fleet } from "../test/harness/devices.js";
import { FUNCTIONS_PROJECT_ID } from "../test/harness/emulators.js";
import { waitUntil } from "../test/harness/wait.js";
import { transportDefectCount } from "../test/harness/transport-defect.js";
import { entityData } from "../test/harness/factories.js";
import { barChart, type BarChart } from "./charts.js";
import { browserWarmStarts, type WarmStart } from "./browser.js";
import type { WarmLoad } from "./browser/warm-start.js";
import { mean, ratio, summarize } from "./stats.js";

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
/**
 * Time between two edits in the propagation case: a fast typist, not a flood. The
 * emulator's listen path delivers ~10-25 changes a second on a collection of 1,000
 * documents (measured with the raw SDK alone); at 150 ms, with two devices listening to
 * nine kinds each, latencies grew to minutes on both sides: that measures its queue.
 */
const PACE_MS = Number(process.env.BENCH_PACE_MS ?? 500);
/** set-up waits (loading thousands of documents through the emulator takes minutes) */
const SETTLE_MS = 900_000;
const OUT = process.env.BENCH_OUT ?? "bench/results";
const n = (full: number) => Math.max(10, Math.round(full * SCALE));
const results: Record<string, unknown> = {};
const rows: string[] = [];
const clients = new ClientFleet();
const raws = new Fleet();

// Every device, syncgate or raw, reaches the emulator over its own connection (both
// fleets give each device a pass-through FaultProxy), as real devices do, and both
// reconnect their devices when the Node gRPC transport defect strikes (see
// test/harness/transport-defect.ts), so neither side is charged for it; each case records
// how often it struck, so a slow tail can be told apart.
type Raw = { db: Firestore; uid: string; sid: string };
async function rawDevice(user: { uid: string; email: string; password: string }): Promise<Raw> {
  const { device, sid } = await deviceWithSession(raws, user);
  // Firestore keeps using the token its streams opened with; reopen them so the first
  // writes carry the token with the session claim (the rules refuse writes without it)
  await device.reconnect();
  return { db: device.db, uid: user.uid, sid };
}
async function closeDevices() {
  await clients.closeAll();
  await raws.closeAll();
}
async function syncgateDevice(user: { email: string; password: string }, name: string): Promise<SyncClient> {
  const c = await clients.start({ name });
  await c.signIn({ identifier: user.email, password: user.password });
  await c.awaitInSync(SETTLE_MS);
  return c;
}
const meta = (sid: string) => ({ rev: 1, deleted: false, updatedBy: sid, updatedAt: serverTimestamp() });

function row(name: string, unit: string, ours: { median: number; p99: number }, base: { median: number; p99: number }) {
  rows.push(`| ${name} | ${ours.median.toFixed(1)} / ${ours.p99.toFixed(1)} ${unit} | ${base.median.toFixed(1)} / ${base.p99.toFixed(1)} ${unit} | ${ratio(ours.median, base.median)} / ${ratio(ours.p99, base.p99)} |`);
}

/** Rounds of each case; the sides alternate going first. */
const PROPAGATION_ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const IMPORT_ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const RESTORE_ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

/** Runs both sides `rounds` times, alternating which goes first (the emulator warms up as it runs). */
async function alternate(rounds: number, syncgateSide: () => Promise<void>, rawSide: () => Promise<void>): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    for (const side of round % 2 === 0 ? [syncgateSide, rawSide] : [rawSide, syncgateSide]) await side();
  }
}

async function propagation() {
  const edits = n(1000);
  /** Latency of each edit until B's watcher shows it; edits the server refused are counted, not timed. */
  const measure = async (write: (i: number) => Promise<unknown> | void, seen: (cb: (i: number) => void) => () => void) => {
    const started = new Map<number, number>();
    const defectsBefore = transportDefectCount();
    const timed: { edit: number; ms: number }[] = [];
    let refused = 0;
    let resolveAll!: () => void;
    const all = new Promise<void>((r) => (resolveAll = r));
    const settle = () => timed.length + refused === edits && resolveAll();
    const stop = seen((i) => {
      const t = started.get(i);
      if (t === undefined) return;
      timed.push({ edit: i, ms: performance.now() - t });
      started.delete(i);
      settle();
    });
    for (let i = 0; i < edits; i++) {
      if (i > 0 && i % 250 === 0) console.log(`bench: ${i}/${edits} edits`);
      started.set(i, performance.now());
      void write(i)?.catch((e: Error) => {
        console.error(`bench: edit ${i} refused: ${e.message}`);
        if (started.delete(i)) refused++;
        settle();
      });
      await new Promise((r) => setTimeout(r, PACE_MS));
    }
    await all;
    stop();
    return { timed, refused, transportDefects: transportDefectCount() - defectsBefore };
  };
  const runs: Record<"syncgate" | "raw", Awaited<ReturnType<typeof measure>>[]> = { syncgate: [], raw: [] };
  /** Over all rounds, with the slowest edits (round and number): consecutive ones are one stall, not a slow sync. */
  const report = (side: "syncgate" | "raw") => {
    const all = runs[side].flatMap((r, round) => r.timed.map((t) => ({ round, ...t })));
    const slowest = [...all].sort((x, y) => y.ms - x.ms).slice(0, 12).map(({ round, edit, ms }) => ({ round, edit, ms: Math.round(ms) }));
    const sum = (key: "refused" | "transportDefects") => runs[side].reduce((n, r) => n + r[key], 0);
    return { ...summarize(all.map((t) => t.ms)), refused: sum("refused"), transportDefects: sum("transportDefects"), slowest };
  };
  let editAmplification = 0;
  // both sides start from the same seeded requests (written by the admin SDK, not measured)
  const syncgateSide = async () => {
    const u1 = await newAccount();
    await seed(u1.uid, "seed", edits, ["requests"]);
    const a = await syncgateDevice(u1, "A");
    const b = await syncgateDevice(u1, "B");
    const writtenBefore = a.metrics.documentsWritten;
    runs.syncgate.push(await measure(
      (i) => a.requests.update(`s${i}`, { name: `edit-${i}` }),
      (cb) => {
        const shown = new Set<string>();
        return b.requests.watch((items) => {
          for (const r of items) if (r.name.startsWith("edit-") && !shown.has(r.id)) (shown.add(r.id), cb(Number(r.name.slice(5))));
        });
      },
    ));
    editAmplification = (a.metrics.documentsWritten - writtenBefore) / edits;
    await Promise.all([a.signOut({ force: true }), b.signOut({ force: true })]);
  };
  const rawSide = async () => {
    const u2 = await newAccount();
    await seed(u2.uid, "seed", edits, ["requests"]);
    const ra = await rawDevice(u2);
    const rb = await rawDevice(u2);
    // like syncgate (and any app showing the user's data), both raw devices listen to all nine kinds
    const rawListeners = [ra, rb].flatMap((d) => ENTITY_KINDS.map((kind) => onSnapshot(collection(d.db, `users/${u2.uid}/${kind}`), { includeMetadataChanges: true }, () => undefined)));
    runs.raw.push(await measure(
      (i) => updateDoc(doc(ra.db, `users/${u2.uid}/requests/s${i}`), { name: `edit-${i}`, rev: 2, baseBy: "seed", updatedBy: ra.sid, updatedAt: serverTimestamp() }),
      (cb) =>
        onSnapshot(collection(rb.db, `users/${u2.uid}/requests`), (snap) => {
          for (const c of snap.docChanges()) {
            const name = c.doc.get("name") as string;
            if (name.startsWith("edit-")) cb(Number(name.slice(5)));
          }
        }),
    ));
    rawListeners.forEach((stop) => stop());
  };
  await alternate(PROPAGATION_ROUNDS, syncgateSide, rawSide);
  const [ours, base] = [report("syncgate"), report("raw")];
  results["propagation"] = { edits, rounds: PROPAGATION_ROUNDS, syncgate: ours, raw: base, ratio: { median: ratio(ours.median, base.median), p99: ratio(ours.p99, base.p99) }, documentsWrittenPerEdit: editAmplification };
  row(`propagation: ${edits} edits × ${PROPAGATION_ROUNDS} alternating rounds, A → B watcher`, "ms", ours, base);
  rows.push(`| write amplification: documents written per edit | ${editAmplification.toFixed(2)} | 1.00 | ${editAmplification.toFixed(2)} |`);
}

function collectionFile(requests: number) {
  const perFolder = 100;
  return {
    info: { name: "Bench", schema: "https://schema.getpostman.com/json/collection/v2.1.0/collection.json" },
    item: Array.from({ length: Math.ceil(requests / perFolder) }, (_, f) => ({
      name: `F${f}`,
      item: Array.from({ length: Math.min(perFolder, requests - f * perFolder) }, (_, r) => ({ name: `R${f}.${r}`, request: { method: "GET", url: `https://x.test/${f}/${r}`, header: [] }, response: [] })),
    })),
  };
}

async function bulkImport() {
  const count = n(5000);
  const file = collectionFile(count);
  const ours: number[] = [];
  const base: number[] = [];
  let [documentsWritten, entities, written] = [0, 0, 0];
  const syncgateSide = async () => {
    const u = await newAccount();
    const a = await syncgateDevice(u, "Importer");
    const writtenBefore = a.metrics.documentsWritten;
    const t = performance.now();
    ({ entities } = await a.postman.importCollection(file));
    ours.push(performance.now() - t);
    documentsWritten = a.metrics.documentsWritten - writtenBefore;
    written = (await functionsAdmin().db.collection(`users/${u.uid}/requests`).count().get()).data().count;
    await a.signOut({ force: true });
  };
  const rawSide = async () => {
    const u = await newAccount();
    const raw = await rawDevice(u);
    // like the syncgate device (and any app showing the user's data), the raw device listens to all nine kinds
    const rawListeners = ENTITY_KINDS.map((kind) => onSnapshot(collection(raw.db, `users/${u.uid}/${kind}`), { includeMetadataChanges: true }, () => undefined));
    const t = performance.now();
    const docs = file.item.flatMap((f, fi) => [{ kind: "folders", data: { collectionId: "c", parentFolderId: null, name: f.name, order: fi } }, ...f.item.map((r, ri) => ({ kind: "requests", data: { ...entityData("requests"), name: r.name, order: ri } }))]);
    for (let at = 0; at < docs.length; at += 400) {
      const batch = writeBatch(raw.db);
      docs.slice(at, at + 400).forEach((d, i) => batch.set(doc(raw.db, `users/${u.uid}/${d.kind}/d${at + i}`), { ...d.data, ...meta(raw.sid) }));
      await batch.commit();
    }
    base.push(performance.now() - t);
    rawListeners.forEach((stop) => stop());
  };
  await alternate(IMPORT_ROUNDS, syncgateSide, rawSide);
  const [o, b] = [summarize(ours).median, summarize(base).median];
  // counted by the SDK as it sends them: metadata travels in the entity's own document
  const amplification = documentsWritten / entities;
  results["import"] = { requests: count, rounds: IMPORT_ROUNDS, syncgateMs: ours, rawMs: base, ratio: ratio(o, b), documentsWritten, entities, requestsOnServer: written, writeAmplification: amplification };
  rows.push(`| bulk import: ${count} requests, median of ${IMPORT_ROUNDS} alternating rounds (both sides listening to all nine kinds) | ${o.toFixed(0)} ms | ${b.toFixed(0)} ms | ${ratio(o, b)} |`);
  rows.push(`| write amplification: documents written per imported entity | ${amplification.toFixed(2)} | 1.00 | ${amplification.toFixed(2)} |`);
}

async function seed(uid: string, sid: string, total: number, kinds: readonly EntityKind[] = ENTITY_KINDS) {
  const { db } = functionsAdmin();
  const writer = db.bulkWriter();
  const writes: Promise<unknown>[] = [];
  for (let i = 0; i < total; i++) {
    const kind = kinds[i % kinds.length]!;
    writes.push(writer.set(db.doc(`users/${uid}/${kind}/s${i}`), { ...entityData(kind), rev: 1, deleted: false, updatedBy: sid, updatedAt: new Date() }));
  }
  await writer.close();
  await Promise.all(writes); // a write the bulk writer gave up on fails the run here, not later
}

/**
 * Warm-up (not measured): the first sign-in of a run starts the functions' instance, and
 * each side's first restore in the process runs cold code.
 */
async function warmUp() {
  const warm = await newAccount();
  await seed(warm.uid, "seed", 100);
  await rawDevice(warm).then((raw) => getDocs(collection(raw.db, `users/${warm.uid}/requests`)));
  await (await syncgateDevice(warm, "Warm-up")).signOut({ force: true });
}

/** Heap in use after a full collection (needs --expose-gc, as `npm run bench` runs). */
function heapAfterGc(): number | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return undefined;
  gc();
  return process.memoryUsage().heapUsed;
}

type Account = { uid: string; email: string; password: string };

/** A cold restore on a fresh syncgate device: sign-in to IN_SYNC, timed to the signed-in session and to IN_SYNC. */
async function syncgateRestore(u: Account): Promise<{ client: SyncClient; signInMs: number; ms: number; loaded: number }> {
  const t = performance.now();
  const client = await clients.start({ name: "Fresh" });
  await client.signIn({ identifier: u.email, password: u.password });
  const signInMs = performance.now() - t;
  await client.awaitInSync(SETTLE_MS);
  const ms = performance.now() - t;
  const loaded = ENTITY_KINDS.reduce((sum, k) => sum + (client[k] as unknown as { list(): unknown[] }).list().length, 0);
  return { client, signInMs, ms, loaded };
}

/** The raw app's cold restore: sign-in, then reads of all nine kinds turned into data (what an app does with what it read). */
async function rawRestore(u: Account): Promise<{ data: DocumentData[][]; signInMs: number; ms: number; loaded: number }> {
  const t = performance.now();
  const raw = await rawDevice(u);
  const signInMs = performance.now() - t;
  const data = await Promise.all(ENTITY_KINDS.map(async (kind) => (await getDocs(collection(raw.db, `users/${u.uid}/${kind}`))).docs.map((d) => d.data())));
  return { data, signInMs, ms: performance.now() - t, loaded: data.reduce((sum, docs) => sum + docs.length, 0) };
}

async function coldRestore() {
  const total = n(10_000);
  const ours: number[] = [];
  const base: number[] = [];
  // time to a signed-in device with its session, included in the totals
  const oursSignIn: number[] = [];
  const baseSignIn: number[] = [];
  let c: SyncClient | undefined;
  let [count, rawCount] = [0, 0];
  const syncgateSide = async () => {
    const u = await newAccount();
    await seed(u.uid, "seed", total);
    if (c) await c.signOut({ force: true });
    const restored = await syncgateRestore(u);
    c = restored.client;
    oursSignIn.push(restored.signInMs);
    ours.push(restored.ms);
    count = restored.loaded;
  };
  const rawSide = async () => {
    const u = await newAccount();
    await seed(u.uid, "seed", total);
    const restored = await rawRestore(u);
    baseSignIn.push(restored.signInMs);
    base.push(restored.ms);
    rawCount = restored.loaded;
  };
  await warmUp();
  await alternate(RESTORE_ROUNDS, syncgateSide, rawSide);
  const [o, b] = [summarize(ours).median, summarize(base).median];
  results["coldRestore"] = { entities: total, rounds: RESTORE_ROUNDS, syncgateMs: ours, rawMs: base, ratio: ratio(o, b), syncgateSignInMs: oursSignIn, rawSignInMs: baseSignIn, syncgateLoaded: count, rawLoaded: rawCount };
  rows.push(`| cold restore: sign-in to IN_SYNC, ${total} entities, median of ${RESTORE_ROUNDS} alternating rounds (raw: sign-in + reads of all nine kinds) | ${o.toFixed(0)} ms | ${b.toFixed(0)} ms | ${ratio(o, b)} |`);

  // memory held for those entities: heap after GC with the client open vs after close
  const withClient = heapAfterGc();
  if (withClient !== undefined) {
    await c!.signOut({ force: true });
    const without = heapAfterGc()!;
    results["memory"] = { entities: total, syncgateBytes: withClient - without };
    rows.push(`| memory held for ${total} entities (syncgate view + Firestore cache) | ${((withClient - without) / 1e6).toFixed(1)} MB | – | – |`);
  }
}

/**
 * Scale: accounts of 25,000 and 100,000 entities (BENCH_SCALE scales them). At each size,
 * after an untimed read of the account, two cold restores of each side in the order
 * syncgate, raw, raw, syncgate, and the heap each holds for the account per 1,000
 * entities, from each side's first restore: linear growth shows as the same figure at both
 * sizes.
 */
async function scale() {
  const sizes = [n(25_000), n(100_000)];
  const measured: Record<string, unknown>[] = [];
  await warmUp();
  for (const total of sizes) {
    const u = await newAccount();
    await seed(u.uid, "seed", total);
    // the emulator serves the first read of a just-seeded account slower, whoever reads it
    // (one round each made the side that went first look slow): an untimed read first
    await Promise.all(ENTITY_KINDS.map((kind) => functionsAdmin().db.collection(`users/${u.uid}/${kind}`).get()));
    const per1000 = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined ? ((a - b) / total) * 1000 : NaN);
    const times = { syncgate: [] as number[], raw: [] as number[] };
    const heap = { syncgate: NaN, raw: NaN };
    const loaded = { syncgate: 0, raw: 0 };
    const sides = {
      syncgate: async () => {
        const before = heapAfterGc();
        const ours = await syncgateRestore(u);
        if (times.syncgate.length === 0) heap.syncgate = per1000(heapAfterGc(), before);
        await ours.client.signOut({ force: true });
        times.syncgate.push(ours.ms);
        loaded.syncgate = ours.loaded;
      },
      raw: async () => {
        const before = heapAfterGc();
        const raw = await rawRestore(u); // its data stays referenced until measured
        if (times.raw.length === 0) heap.raw = per1000(heapAfterGc(), before);
        await closeDevices();
        times.raw.push(raw.ms);
        loaded.raw = raw.loaded;
      },
    };
    for (const side of ["syncgate", "raw", "raw", "syncgate"] as const) await sides[side]();
    const [syncgateMs, rawMs] = [mean(times.syncgate), mean(times.raw)];
    const size: Record<string, unknown> = { entities: total, syncgateMs, rawMs, syncgateRunsMs: times.syncgate, rawRunsMs: times.raw, ratio: ratio(syncgateMs, rawMs), syncgateLoaded: loaded.syncgate, rawLoaded: loaded.raw, syncgateHeapPer1000: heap.syncgate, rawHeapPer1000: heap.raw };
    rows.push(`| scale, cold restore: ${total} entities, mean of two rounds each (syncgate, raw, raw, syncgate) | ${syncgateMs.toFixed(0)} ms | ${rawMs.toFixed(0)} ms | ${ratio(syncgateMs, rawMs)} |`);
    rows.push(`| scale, heap held per 1,000 entities at ${total} (syncgate: view + Firestore cache; raw: cache + the data read) | ${(heap.syncgate / 1e3).toFixed(0)} kB | ${(heap.raw / 1e3).toFixed(0)} kB | ${ratio(heap.syncgate, heap.raw)} |`);
    measured.push(size);
  }
  results["scale"] = measured;
}

/**
 * The warm start, in Chromium on its IndexedDB (bench/browser.ts). Its first run listens to
 * the whole account over WebChannel, where the emulator aborts a channel with 10,000
 * messages pending (firebase-tools#5197), and at 8,000 and 9,000 a first listen now and
 * then never completed:
 * so at 6,000 entities, not at the scale sizes.
 */
async function warmStart() {
  await warmUp();
  const total = n(6_000);
  const u = await newAccount();
  await seed(u.uid, "seed", total);
  const warm = await browserWarmStarts(u, total);
  results["warmStart"] = {
    entities: total,
    syncgateViewMs: warm.syncgate.viewMs,
    rawViewMs: warm.raw.viewMs,
    viewRatio: ratio(warm.syncgate.viewMs, warm.raw.viewMs),
    syncgateInSyncMs: warm.syncgate.inSyncMs,
    rawInSyncMs: warm.raw.inSyncMs,
    syncgateReadyMs: warm.syncgate.readyMs,
    rawReadyMs: warm.raw.readyMs,
    rawLoaded: warm.raw.loaded,
    syncgateRuns: warm.syncgate.runs,
    rawRuns: warm.raw.runs,
  };
  /** a row: each side's median, with every run in brackets */
  const warmRow = (what: string, key: keyof WarmLoad) => {
    const side = (w: WarmStart) => `${w[key].toFixed(0)} ms (${w.runs.map((r) => r[key].toFixed(0)).join(" / ")})`;
    rows.push(`| ${what} | ${side(warm.syncgate)} | ${side(warm.raw)} | ${ratio(warm.syncgate[key], warm.raw[key])} |`);
  };
  warmRow(`warm start in Chromium to a complete view: ${total} entities, median of ${warm.raw.runs.length} (raw: reads of all nine kinds from the cache)`, "viewMs");
  warmRow("warm start in Chromium, the signed-in user known (syncgate: session resumed; raw: Auth ready)", "readyMs");
  warmRow(`warm start in Chromium to IN_SYNC: ${total} entities (raw: then listeners on all nine kinds current)`, "inSyncMs");
}

/** the `cost` figures: idle and active from the cost case, return from the resume case */
const costResults: Record<string, unknown> = {};

/** A simulated hour for the idle case: the device's own timers run scaled to it. */
const HOUR_MS = Number(process.env.BENCH_HOUR_MS ?? 5_000);

/**
 * What Firestore and Cloud Functions bill a device for, by its ledger: documents read
 * (listener deliveries, server reads), documents written, the reads aggregation queries
 * are billed, and callables.
 */
const billed = (m: SyncMetrics) => m.documentsFromServer + m.documentsWritten + m.aggregationReads + m.callables;

/** A raw device's bill: the same ten listeners (nine kinds and its session document), each delivery from the server counted. */
function rawLedger(raw: Raw, uid: string): { reads: () => number; stop: () => void } {
  let reads = 0;
  const count = (n: number) => (reads += n);
  const stops = [
    ...ENTITY_KINDS.map((kind) => onSnapshot(collection(raw.db, `users/${uid}/${kind}`), (snap) => count(snap.metadata.fromCache ? 0 : snap.docChanges().filter((c) => !c.doc.metadata.hasPendingWrites).length))),
    onSnapshot(doc(raw.db, `users/${uid}/sessions/${raw.sid}`), (snap) => count(snap.metadata.fromCache || snap.metadata.hasPendingWrites ? 0 : 1)),
  ];
  return { reads: () => reads, stop: () => stops.forEach((stop) => stop()) };
}

async function resume() {
  const total = n(5000);
  const changed = Math.max(1, Math.round(total / 100));
  const u = await newAccount();
  await seed(u.uid, "seed", total);
  const away = await clients.device({ name: "Away", persistence: "indexeddb" });
  await away.client.signIn({ identifier: u.email, password: u.password });
  await away.client.awaitInSync(SETTLE_MS);
  await away.client.dispose();
  const { db } = functionsAdmin();
  for (let i = 0; i < changed; i++) {
    const kind = ENTITY_KINDS[i % ENTITY_KINDS.length]!;
    await db.doc(`users/${u.uid}/${kind}/s${i}`).update({ rev: 2, updatedAt: new Date(), ...(kind === "globals" || kind === "environmentVariables" ? { key: `changed${i}` } : { name: `changed${i}` }) });
  }
  const back = await away.restart();
  await back.ready;
  await back.awaitInSync(SETTLE_MS);
  const reads = back.metrics.documentsFromServer;
  results["resume"] = { entities: total, changed, documentsRead: reads, readsPerChange: ratio(reads, changed), rawFullRelisten: total };
  rows.push(`| resume after an offline gap, ${changed} of ${total} changed: documents read | ${reads} | ${total} (full re-listen) | ${ratio(reads, changed)} × changed |`);
  // the whole bill of the return: the reads, the session document, the reconnect's audit pass
  await waitUntil("the return's audit pass", () => back.metrics.audits >= ENTITY_KINDS.length, SETTLE_MS);
  const billedOps = billed(back.metrics);
  costResults["return"] = { billedOps, changed, entities: total, target: 2 * changed + 10 };
  results["cost"] = costResults;
  rows.push(`| cost, return: billed operations of a device back after a gap, ${changed} of ${total} changed | ${billedOps} | ${total}+ (full re-listen) | target ≤ ${2 * changed + 10} |`);
}

async function cost() {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  // idle: a signed-in device nobody uses, over a simulated day, both sides side by side
  const scale = HOUR_MS / 3_600_000;
  const idleUser = await newAccount();
  await seed(idleUser.uid, "seed", n(500));
  const idle = await clients.start({
    name: "Idle",
    heartbeatMs: DEFAULT_HEARTBEAT_MS * scale,
    audit: { afterSyncMs: DEFAULT_AUDIT_SCHEDULE.afterSyncMs * scale, minGapMs: DEFAULT_AUDIT_SCHEDULE.minGapMs * scale, confirmMs: DEFAULT_AUDIT_SCHEDULE.confirmMs * scale },
  });
  await idle.signIn({ identifier: idleUser.email, password: idleUser.password });
  await idle.awaitInSync(SETTLE_MS);
  const rawIdleUser = await newAccount();
  await seed(rawIdleUser.uid, "seed", n(500));
  const rawIdle = await rawDevice(rawIdleUser);
  const rawIdleLedger = rawLedger(rawIdle, rawIdleUser.uid);
  await sleep(HOUR_MS); // the start settles: first loads, the start's audit pass
  const [idleBefore, rawIdleBefore] = [billed(idle.metrics), rawIdleLedger.reads()];
  const hours = 24;
  await sleep(hours * HOUR_MS);
  const idlePerHour = (billed(idle.metrics) - idleBefore) / hours;
  const rawIdlePerHour = (rawIdleLedger.reads() - rawIdleBefore) / hours;
  rawIdleLedger.stop();
  await closeDevices();

  // active: three devices of one account, one editing, the others listening
  const edits = n(100);
  const activeUser = await newAccount();
  await seed(activeUser.uid, "seed", edits, ["requests"]);
  const devices: SyncClient[] = [];
  for (const name of ["Editor", "Listener 1", "Listener 2"]) devices.push(await syncgateDevice(activeUser, name));
  await sleep(2 * DEFAULT_AUDIT_SCHEDULE.afterSyncMs); // the start's audit passes are the start's, not the edits'
  const activeBefore = devices.reduce((sum, d) => sum + billed(d.metrics), 0);
  for (let i = 0; i < edits; i++) {
    devices[0]!.requests.update(`s${i}`, { name: `edit-${i}` });
    await sleep(PACE_MS);
  }
  await Promise.all(devices.map((d) => d.awaitInSync(SETTLE_MS)));
  const seenEverywhere = () => devices.every((d) => d.requests.list().filter((r) => r.name.startsWith("edit-")).length === edits);
  await waitUntil("every edit on every device", seenEverywhere, SETTLE_MS);
  await sleep(2 * DEFAULT_AUDIT_SCHEDULE.afterSyncMs); // an audit the edits caused would have run by now
  const activePerEdit = (devices.reduce((sum, d) => sum + billed(d.metrics), 0) - activeBefore) / edits;
  await closeDevices();

  const rawUser = await newAccount();
  await seed(rawUser.uid, "seed", edits, ["requests"]);
  const raw: Raw[] = [];
  for (let i = 0; i < 3; i++) raw.push(await rawDevice(rawUser));
  const ledgers = raw.map((d) => rawLedger(d, rawUser.uid));
  await sleep(1_000);
  const rawBefore = ledgers.reduce((sum, l) => sum + l.reads(), 0);
  const writes: Promise<void>[] = [];
  for (let i = 0; i < edits; i++) {
    writes.push(updateDoc(doc(raw[0]!.db, `users/${rawUser.uid}/requests/s${i}`), { name: `edit-${i}`, rev: 2, baseBy: "seed", updatedBy: raw[0]!.sid, updatedAt: serverTimestamp() }));
    await sleep(PACE_MS);
  }
  await Promise.all(writes);
  // an edit is a write and a read on each of the three listeners: the other devices', and
  // the writer's own (its echo: the server version, with the server's timestamp), on both sides
  await waitUntil("every edit on both raw listeners", () => ledgers.reduce((sum, l) => sum + l.reads(), 0) - rawBefore >= 2 * edits, SETTLE_MS);
  await sleep(1_000);
  const rawPerEdit = (ledgers.reduce((sum, l) => sum + l.reads(), 0) - rawBefore + edits) / edits;
  ledgers.forEach((l) => l.stop());

  costResults["hourMs"] = HOUR_MS;
  costResults["idle"] = { billedOpsPerDeviceHour: idlePerHour, raw: rawIdlePerHour, hours, entities: n(500) };
  costResults["active"] = { billedOpsPerEdit: activePerEdit, raw: rawPerEdit, ratio: ratio(activePerEdit, rawPerEdit), edits };
  results["cost"] = costResults;
  rows.push(`| cost, idle: billed operations per device-hour (a simulated day, timers scaled to ${HOUR_MS} ms an hour) | ${idlePerHour.toFixed(2)} | ${rawIdlePerHour.toFixed(2)} | – |`);
  rows.push(`| cost, active: billed operations per edit, three devices (one editing) | ${activePerEdit.toFixed(2)} | ${rawPerEdit.toFixed(2)} | ${ratio(activePerEdit, rawPerEdit)} |`);
}

async function claimLatency() {
  const calls = n(50);
  const u = await newAccount();
  const device = raws.caller(FUNCTIONS_PROJECT_ID);
  await device.signInWithToken(await signInProofToken(u.uid));
  const samples: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    await call(device, "claimSession", { deviceId: "bench-device-1", deviceName: "Bench" });
    samples.push(performance.now() - t);
  }
  const s = summarize(samples);
  results["claimSession"] = s;
  rows.push(`| claimSession latency (${calls} calls, warm) | ${s.median.toFixed(1)} / ${s.p99.toFixed(1)} ms | – | – |`);
}

/** The charts a run can draw from what it measured: latency (median and p99) and cost. */
function charts(r: Record<string, unknown>): Record<string, BarChart> {
  const chart = (title: string, unit: string, groups: [string, number, number][]): BarChart => ({ title, unit, groups: groups.map(([label, syncgate, raw]) => ({ label, syncgate, raw })) });
  const out: Record<string, BarChart> = {};
  const p = r["propagation"] as { syncgate: { median: number; p99: number }; raw: { median: number; p99: number } } | undefined;
  if (p) out["latency"] = chart("Propagation of an edit to another device's watcher", "ms", [["median", p.syncgate.median, p.raw.median], ["p99", p.syncgate.p99, p.raw.p99]]);
  const c = r["cost"] as { idle?: { billedOpsPerDeviceHour: number; raw: number }; active?: { billedOpsPerEdit: number; raw: number } } | undefined;
  if (c?.idle && c.active) {
    out["cost"] = chart("Billed Firestore operations", "ops", [
      ["idle device, per hour", c.idle.billedOpsPerDeviceHour, c.idle.raw],
      ["per edit, three devices", c.active.billedOpsPerEdit, c.active.raw],
    ]);
  }
  return out;
}

try {
  const only = process.env.BENCH_ONLY?.split(",");
  const cases = [["propagation", propagation], ["import", bulkImport], ["restore", coldRestore], ["resume", resume], ["cost", cost], ["scale", scale], ["warmStart", warmStart], ["claimSession", claimLatency]] as const;
  for (const [name, run] of cases.filter(([name]) => !only || only.includes(name))) {
    console.log(`bench: ${name}…`);
    await run();
    await closeDevices();
  }
  const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}`, scale: SCALE, paceMs: PACE_MS, date: new Date().toISOString() };
  mkdirSync(OUT, { recursive: true });
  writeFileSync(`${OUT}/latest.json`, JSON.stringify({ machine, results }, null, 2) + "\n");
  const md = [
    `# syncgate benchmarks (${machine.date})`,
    "",
    `Machine: ${machine.cpus} × ${machine.cpu}, ${machine.memoryGb} GiB, Node ${machine.node}, ${machine.platform}; scale ${SCALE}. Firebase emulators: absolute times are not production figures, ratios are the point.`,
    "",
    "| case | syncgate (median / p99) | raw Firebase SDK | ratio |",
    "|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
  writeFileSync(`${OUT}/latest.md`, md);
  for (const [name, chart] of Object.entries(charts(results))) writeFileSync(`${OUT}/${name}.svg`, barChart(chart));
  console.log(md);
} finally {
  await closeDevices();
  await closeAdmins();
  setTimeout(() => process.exit(), 1000).unref();
}
