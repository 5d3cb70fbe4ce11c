// Keeps `npm run bench` from rotting: runs the real script at a tiny scale against the
// suite's emulators and checks every case reported, with the properties that do not
// depend on timing (write amplification, resume reads, the billed operations of the cost
// case, what the scale case loads). Timings are not asserted:
// performance is judged by full runs, not by tests.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";

interface Report {
  machine: { scale: number };
  results: {
    propagation: { edits: number; ratio: { median: number; p99: number }; documentsWrittenPerEdit: number };
    import: { entities: number; documentsWritten: number; requestsOnServer: number; writeAmplification: number; ratio: number };
    coldRestore: { entities: number; syncgateLoaded: number; rawLoaded: number; ratio: number };
    memory: { syncgateBytes: number };
    resume: { changed: number; documentsRead: number };
    claimSession: { n: number; median: number };
    scale: { entities: number; syncgateLoaded: number; rawLoaded: number; syncgateHeapPer1000: number }[];
    warmStart: { entities: number; syncgateViewMs: number; rawViewMs: number; syncgateInSyncMs: number; rawInSyncMs: number; rawLoaded: number };
    cost: {
      idle: { billedOpsPerDeviceHour: number; raw: number };
      active: { billedOpsPerEdit: number; raw: number };
      return: { billedOps: number; target: number };
    };
  };
}

it("npm run bench works end to end at a tiny scale", async () => {
  const out = mkdtempSync(join(tmpdir(), "syncgate-bench-"));
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", "bench/run.ts"], {
      env: { ...process.env, BENCH_SCALE: "0.01", BENCH_PACE_MS: "20", BENCH_HOUR_MS: "200", BENCH_OUT: out },
      stdio: "ignore",
    });
    child.on("exit", resolve);
  });
  expect(code).toBe(0);
  const { machine, results } = JSON.parse(readFileSync(join(out, "latest.json"), "utf8")) as Report;
  expect(machine.scale).toBe(0.01);
  expect(results.propagation.edits).toBe(10);
  expect(results.propagation.ratio.median).toBeGreaterThan(0);
  expect(results.propagation.documentsWrittenPerEdit).toBe(1);
  expect(results.import).toMatchObject({ writeAmplification: 1, requestsOnServer: 50 });
  expect(results.import.documentsWritten).toBe(results.import.entities);
  expect(results.coldRestore.syncgateLoaded).toBe(results.coldRestore.entities);
  expect(results.coldRestore.rawLoaded).toBe(results.coldRestore.entities);
  expect(Number.isFinite(results.memory.syncgateBytes)).toBe(true); // GC noise can outweigh 100 entities
  expect(results.resume.documentsRead).toBeLessThanOrEqual(2 * results.resume.changed);
  expect(results.claimSession.n).toBe(10);
  expect(results.scale.map((s) => s.entities)).toEqual([250, 1000]);
  for (const size of results.scale) expect([size.syncgateLoaded, size.rawLoaded]).toEqual([size.entities, size.entities]);
  // the warm start in Chromium: both sides reached a complete view from their cache, then IN_SYNC
  const warm = results.warmStart;
  expect(warm).toMatchObject({ entities: 60, rawLoaded: 60 });
  for (const ms of [warm.syncgateViewMs, warm.rawViewMs]) expect(ms).toBeGreaterThan(0);
  expect(warm.syncgateInSyncMs).toBeGreaterThanOrEqual(warm.syncgateViewMs);
  expect(warm.rawInSyncMs).toBeGreaterThanOrEqual(warm.rawViewMs);
  // the bill, counted by the ledgers (not timed): the targets of the cost design
  expect(results.cost.idle.billedOpsPerDeviceHour).toBeLessThanOrEqual(1);
  expect(results.cost.active.billedOpsPerEdit).toBeLessThanOrEqual(1.1 * results.cost.active.raw);
  expect(results.cost.return.billedOps).toBeLessThanOrEqual(results.cost.return.target);
  expect(readFileSync(join(out, "latest.md"), "utf8")).toMatch(/\| propagation: 10 edits/);
  for (const chart of ["latency", "cost"]) expect(readFileSync(join(out, `${chart}.svg`), "utf8")).toMatch(/^<svg[^]*data-side="raw"/);
}, 300_000);
