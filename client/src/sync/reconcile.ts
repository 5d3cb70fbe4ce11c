// Children whose delete or restore crossed their parent's on another device are brought
// in line, so no live item hides under a deleted parent and a restore brings back all
// that went with it.
import { ENTITY_KINDS, type EntityKind } from "../../../schema/index.js";
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

/** A settled child and its settled parent, and the write that brings them in line, if one is due. */
export interface LifecycleRule {
  name: string;
  apply(stores: Stores, pair: { kind: EntityKind; child: Fields; ref: { kind: EntityKind; id: string }; parent: Fields; sameDeletion: boolean }): boolean;
}

/**
 * How a child's lifecycle is made to agree with its parent's after edits that crossed,
 * first rule that applies wins. Only settled entities are touched; a write built on a
 * stale view is refused by the server and dropped by the lifecycle merge, so devices
 * doing this at once converge. (The simulator's tests take each rule out in turn and
 * find the loss it prevents.)
 */
export const LIFECYCLE_RULES: LifecycleRule[] = [
  {
    // created, moved or restored elsewhere while the parent was being deleted: it joins
    // the parent's trash group (restoring the parent brings it back)
    name: "a live child under a deleted parent joins its trash group",
    apply(stores, { kind, child, parent, ref, sameDeletion }) {
      if (child.deleted || !parent.deleted || sameDeletion) return false;
      stores[kind].setLifecycle(child.id, true, parent.deletedWith ?? ref.id, parent.deletion ?? undefined);
      return true;
    },
  },
  {
    // half of a restore (children are written first): the parent is restored too, so a
    // restore that lost its root on the way (refused, or its device gone) is finished,
    // never undone; when the root's restore is merely still arriving, the extra write is
    // refused and dropped
    name: "a restore that reached a child but not its parent is finished",
    apply(stores, { child, parent, ref, sameDeletion }) {
      if (child.deleted || !parent.deleted || !sameDeletion) return false;
      stores[ref.kind].setLifecycle(ref.id, false, parent.deletedWith ?? null);
      return true;
    },
  },
  {
    // it joined the group after the restorer looked
    name: "a child left out of its parent's restore comes back",
    apply(stores, { kind, child, parent, sameDeletion }) {
      if (!child.deleted || parent.deleted || !sameDeletion || !child.deletedWith) return false;
      stores[kind].setLifecycle(child.id, false, child.deletedWith);
      return true;
    },
  },
];

/** One pass of LIFECYCLE_RULES over every child whose parent this device holds. */
export function reconcileLifecycles(stores: Stores): void {
  for (const kind of CHILD_KINDS) {
    for (const child of stores[kind].list({ includeDeleted: true }) as Fields[]) {
      const ref = parentOf(stores, kind, child.id);
      const parent = ref && (stores[ref.kind].get(ref.id) as Fields | undefined);
      if (!ref || !parent || !stores[kind].settled(child.id) || !stores[ref.kind].settled(ref.id)) continue;
      const pair = { kind, child, ref, parent, sameDeletion: !!parent.deletion && child.deletion === parent.deletion };
      LIFECYCLE_RULES.some((rule) => rule.apply(stores, pair));
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
