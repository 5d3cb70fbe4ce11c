// Failing seeds the simulator found, shrunk (npm run sim prints them), kept as regression
// cases, each with the protection it proves needed.
import { afterEach, expect, it } from "vitest";
import { WriteState } from "../../client/src/sync/write-state.js";
import { simulate } from "../sim/run.js";

const realMerging = WriteState.prototype.merging;
afterEach(() => {
  WriteState.prototype.merging = realMerging;
});

// D2's edits of a global were refused (D0 had edited the same field); while D2 merged
// them, the user edited again on the refused line (rev 5, base rev 4 by D2). The merge's
// retry became rev 4 by D2 on the server, its reply was lost in a cut, and on reconnect
// the queued edit, resent, matched that base and overwrote D0's value unmerged.
const ABA = { seed: 11, operations: 300, faults: { skipListen: 0 } };

it("an edit made while its item's refused writes merge is merged next, not sent on the refused line (seed 11)", async () => {
  const { report } = await simulate(ABA);
  expect(report.conflictCopies).toBeGreaterThan(0);
});

it("without holding such an edit back, seed 11 loses D0's edit", async () => {
  WriteState.prototype.merging = () => false;
  await expect(simulate(ABA)).rejects.toThrow(/edit globals\/D0-b.initialValue = "t170" was lost/);
});
