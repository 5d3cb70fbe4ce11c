// Children whose delete or restore crossed their parent's on another device are brought
// in line, so no live item hides under a deleted parent and a restore brings back all
// that went with it.
import { ENTITY_KINDS } from "../../../schema/index.js";
import { CHILD_KINDS, parentOf, type Fields, type Stores } from "./cascade.js";
import { systemClock, type Clock } from "../util/clock.js";

/** Changes arriving together are checked once (the check is causal, not timed). */
const DELAY_MS = 50;
/**
 * A pass reads every child (about 70 ms at 100,000 entities), and a stream of changes
 * would run one per change: the next pass waits this many times the last one's length, so
 * passes take at most a tenth of the time, however large the account.
 */
export const PASS_SPACING = 9;

/**
 * Makes a child's lifecycle agree with its parent's after edits that crossed:
 * - a child live under a deleted parent, not restored from that very deletion, was
 *   created, moved or restored elsewhere while the parent was being deleted: it joins the
 *   parent's trash group (restoring the parent brings it back);
 * - a child still deleted in a deletion its parent was restored from was left out of the
 *   restore (it joined the group after the restorer looked): it comes back too.
 * - a child restored from its parent's current deletion is half of a restore (children
 *   are written first): the parent is restored too, so a restore that lost its root on
 *   the way (refused, or its device gone) is finished, never undone. When the root's
 *   restore is merely still arriving, the extra write is refused and dropped.
 * Only settled entities are touched; a write built on a stale
 * view is refused by the server and dropped by the lifecycle merge, so devices doing
 * this at once converge.
 */
export function reconcileLifecycles(stores: Stores): void {
  for (const kind of CHILD_KINDS) {
    for (const child of stores[kind].list({ includeDeleted: true }) as unknown as Fields[]) {
      const ref = parentOf(stores, kind, child.id);
      const parent = ref && (stores[ref.kind].get(ref.id) as unknown as Fields | undefined);
      if (!ref || !parent || !stores[kind].settled(child.id) || !stores[ref.kind].settled(ref.id)) continue;
      const sameDeletion = !!parent.deletion && child.deletion === parent.deletion;
      if (!child.deleted && parent.deleted && !sameDeletion) {
        stores[kind].setLifecycle(child.id, true, parent.deletedWith ?? parent.id, parent.deletion ?? undefined);
      } else if (!child.deleted && parent.deleted && sameDeletion) {
        // a restore that reached the child but not (yet, or ever: refused) its parent
        stores[ref.kind].setLifecycle(ref.id, false, parent.deletedWith ?? null);
      } else if (child.deleted && !parent.deleted && sameDeletion && child.deletedWith) {
        stores[kind].setLifecycle(child.id, false, child.deletedWith);
      }
    }
  }
}

/** Runs reconcileLifecycles after changes of any kind; returns the stop. */
export function startLifecycleReconciler(stores: Stores, clock: Clock = systemClock): () => void {
  let cancel: (() => void) | undefined;
  let lastPassMs = 0;
  const run = () => {
    cancel = undefined;
    const started = clock.cpu();
    reconcileLifecycles(stores);
    lastPassMs = clock.cpu() - started;
  };
  const stops = ENTITY_KINDS.map((kind) => stores[kind].onChange(() => void (cancel ??= clock.after(Math.max(DELAY_MS, lastPassMs * PASS_SPACING), run))));
  return () => {
    cancel?.();
    stops.forEach((stop) => stop());
  };
}
