// Order within a folder is a number per item (fractional indexing): moving an item
// writes only its own `order`, so two devices reordering at once converge to one
// sequence, each item exactly once; equal orders are broken by id, the same everywhere.

interface Ordered {
  id: string;
  order?: number | undefined;
}

export function byOrder<T extends Ordered>(a: T, b: T): number {
  return (a.order ?? 0) - (b.order ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** An order value between two neighbours (either may be missing: start or end). */
export function orderBetween(before: number | undefined, after: number | undefined): number {
  if (before === undefined && after === undefined) return 1;
  if (before === undefined) return after! - 1;
  if (after === undefined) return before + 1;
  return before + (after - before) / 2;
}

/** The order that puts an item right after `afterId` (or first, when null) among its siblings. */
export function orderAfter<T extends Ordered>(siblings: T[], movingId: string, afterId: string | null): number {
  const others = siblings.filter((s) => s.id !== movingId).sort(byOrder);
  const index = afterId === null ? -1 : others.findIndex((s) => s.id === afterId);
  if (afterId !== null && index < 0) throw new Error(`${afterId} is not a sibling`);
  return orderBetween(others[index]?.order, others[index + 1]?.order);
}
