// The merge of a document's refused writes, as a plan: what to write again, on which
// base, and which local versions to keep as conflict copies, given the server's version.
// Pure: the store reads the server, shows its version and runs the plan in order.
import { mergeRefused, retryLifecycle } from "./merge.js";
import { stripMeta } from "./metadata.js";
import { applyPatch } from "./patch.js";
import type { Op, RefusedWrite, Version } from "./write-state.js";

/** how often a write is tried before a refusal counts as final */
export const MAX_ATTEMPTS = 8;
/**
 * How often a write the server's version does not explain (its base is the server's
 * version, or a create finds no document) is tried before it waits: the rules refused its
 * shape (an app deployed before its rules), or the emulator refused a lookup (which
 * passes). Waiting writes are kept and shown; they are tried again at the next start and
 * now and then meanwhile (never in a tight loop), since the rules may change.
 */
export const ATTEMPTS_BEFORE_WAITING = 3;

export type RecoveryStep =
  /** write again, on `base`, or on the version the view shows when the step runs ("shown": the server's, with the steps before on it) */
  | { write: Op; base: Version | "shown" | undefined; patch: Record<string, unknown> }
  /** a local version that clashed, for the conflict handler (sync/conflicts.ts) */
  | { copy: Record<string, unknown> };

export interface RecoveryPlan {
  /** the attempt the plan's writes are */
  attempt: number;
  steps: RecoveryStep[];
  /** refused for good (reported; nothing is retried) */
  failed: boolean;
  /** refused for its shape, not its base: kept, shown as waiting, tried again later (see ATTEMPTS_BEFORE_WAITING) */
  waiting?: true;
}

/** Whether the server's version explains a refusal: the first refused write was made on another version (or its create landed). */
function explained(first: RefusedWrite, server: Version | undefined): boolean {
  if (first.op === "create") return server !== undefined;
  return server === undefined || server["rev"] !== first.base["rev"] || server["updatedBy"] !== first.base["updatedBy"];
}

/**
 * `serverReadOnly`: the server's version is one this app cannot read (a newer app's shape):
 * nothing is merged into it; the refused edits become one conflict copy, the device's last
 * version, in the shape it was made in.
 */
export function planRecovery(refused: RefusedWrite[], server: Version | undefined, { serverReadOnly = false } = {}): RecoveryPlan {
  const attempt = Math.max(...refused.map((r) => r.attempt)) + 1;
  if (attempt > ATTEMPTS_BEFORE_WAITING && !explained(refused[0]!, server)) return { attempt, steps: [], failed: false, waiting: true };
  if (!server) {
    // The server refused a create: nothing to merge into. A refusal can pass (the emulator
    // refuses a rules lookup that waited on a lock), so the create and the writes made on
    // top of it are tried again, in order, each on its own base, a bounded number of
    // times. (Not folded into the create: if an earlier copy of it lands first, as after
    // an app restart, those writes must still merge as edits.)
    const create = refused.find((r) => r.op === "create");
    if (!create) return { attempt, steps: [], failed: true };
    const later = refused.filter((r) => r !== create).map((r) => ({ write: r.op, base: r.base, patch: r.patch }));
    return { attempt, steps: [{ write: "create", base: undefined, patch: create.patch }, ...later], failed: false };
  }
  // On the server's version (which the store shows first): the refused edits merged field
  // by field, the clashes kept as copies, then the delete or restore if it still applies.
  // (A refused create whose document exists landed on an earlier attempt whose
  // acknowledgement was lost with the connection, ids being random: it needs nothing.)
  const updates = refused.filter((r) => r.op === "update");
  const lifecycle = refused.filter((r) => r.op === "lifecycle").pop();
  const { apply, copies } = serverReadOnly
    ? { apply: {}, copies: updates.length > 0 ? [updates.reduce((fields, u) => applyPatch(fields, u.patch), stripMeta(updates[0]!.base))] : [] }
    : mergeRefused(
    stripMeta(server),
    updates.map((u) => ({ base: stripMeta(u.base), patch: u.patch })),
  );
  const steps: RecoveryStep[] = [];
  if (Object.keys(apply).length > 0) steps.push({ write: "update", base: "shown", patch: apply });
  for (const copy of copies) steps.push({ copy });
  if (lifecycle && retryLifecycle(lifecycle, server)) steps.push({ write: "lifecycle", base: "shown", patch: lifecycle.patch });
  return { attempt, steps, failed: false };
}
