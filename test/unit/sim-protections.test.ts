// Each protection the emulator runs once showed needed, switched off in turn: the
// simulator's default run (the seeds of simulation.test.ts) finds a failing seed, or, for
// protections whose damage has become rare since later fixes, a failing run the
// simulator found (seed and operations, shrunk) shows it; one has no failing run left
// (see the note in place of its test). With them all on,
// simulation.test.ts passes on the same seeds, and these runs pass too.
import { afterEach, expect, it } from "vitest";
import { KindAudit } from "../../client/src/store/audit.js";
import { LIFECYCLE_RULES, type LifecycleRule } from "../../client/src/sync/reconcile.js";
import { WriteState, type Version } from "../../client/src/sync/write-state.js";
import { failureOf } from "../sim/run.js";

const real = { arrived: WriteState.prototype.arrived, audit: KindAudit.prototype.run, rules: [...LIFECYCLE_RULES] };
afterEach(() => {
  WriteState.prototype.arrived = real.arrived;
  KindAudit.prototype.run = real.audit;
  LIFECYCLE_RULES.splice(0, LIFECYCLE_RULES.length, ...real.rules);
});

/** The first seed of the default run (as simulation.test.ts runs it) that fails, with its message. */
async function firstFailure(): Promise<string | undefined> {
  for (let seed = 1; seed <= 50; seed++) {
    const failure = await failureOf({ seed, operations: 1_000, faults: { skipListen: 0.01 }, perOperation: true });
    if (failure) return failure;
  }
  return undefined;
}

/** what the checker says when something is lost, comes back, or diverges */
const DAMAGE = /was lost|differs from the server|came back without a restore|is deleted but nobody deleted it/;

const rev = (v: Version | undefined) => (v?.["rev"] as number | undefined) ?? 0;

/** Whether one run fails, with its message (one stream for the whole run, as when these were found). */
const failureFound = (seed: number, operations: number) => failureOf({ seed, operations, faults: { skipListen: 0.01 } });

// The first seeds to fail with these off, found by scanning seeds of 400 operations (again
// after a restart began showing every kind's cache before listening, which moved the
// schedules of the seeds found before).
it("without skipping Firestore's local versions while a write settles (a refused write falls back to an older server version), an edit is lost", async () => {
  expect(await failureFound(351, 400)).toBeUndefined();
  WriteState.prototype.arrived = function (id, version, context) {
    if (this.writing(id) && context.pending) return rev(context.shown) > rev(version) ? "skip" : "show";
    return real.arrived.call(this, id, version, context);
  };
  expect(await failureFound(351, 400)).toMatch(DAMAGE);
});

// Skipping a server version older than the one shown (the fall-back shown after a merge)
// has no failing run here any more: once a restart began showing every kind's cache before
// listening, nothing was lost with it off in seeds 1-600 at 400 operations, 1-300 at 600,
// 1-200 at 1,000, seed 327 at 100 to 1,000, nor in the saved regressions, where seed 327
// at 388 operations lost an edit before. The rule itself is pinned in write-state.test.ts
// ("skipped when older").

it("without finishing a restore that reached a child but not its parent, a live item is left under a deleted parent", async () => {
  const rule = LIFECYCLE_RULES.find((r) => r.name.includes("reached a child")) as LifecycleRule;
  LIFECYCLE_RULES.splice(LIFECYCLE_RULES.indexOf(rule), 1);
  expect(await firstFailure()).toMatch(/is live under the deleted/);
}, 120_000);

it("without the audit, a change a listener skipped stays missing on that device", async () => {
  KindAudit.prototype.run = () => Promise.resolve("match");
  expect(await firstFailure()).toMatch(/differs from the server/);
}, 120_000);
