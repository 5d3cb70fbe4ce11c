// Shrinking a failing run: the shortest failing prefix, then delta debugging (Zeller's
// ddmin, complements only) over the operations left. Generic over what "fails" means.

/** The smallest n in 1..count for which `fails(n)` holds, given that it holds for `count` (binary search). */
export async function shortestPrefix(count: number, fails: (n: number) => Promise<boolean>): Promise<number> {
  let [low, high] = [1, count];
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (await fails(mid)) high = mid;
    else low = mid + 1;
  }
  return high;
}

/**
 * A subset of `items` that still fails and from which no single chunk of the last
 * granularity can be dropped (1-minimal once the granularity reaches single items),
 * unless `deadline` (ms since the epoch) passes first: then the smallest found so far.
 */
export async function ddmin<T>(items: readonly T[], fails: (subset: readonly T[]) => Promise<boolean>, deadline = Infinity): Promise<T[]> {
  let current = [...items];
  let parts = 2;
  while (current.length >= 2 && Date.now() < deadline) {
    const size = Math.ceil(current.length / parts);
    let dropped = false;
    for (let start = 0; start < current.length && Date.now() < deadline; start += size) {
      const rest = [...current.slice(0, start), ...current.slice(start + size)];
      if (rest.length > 0 && (await fails(rest))) {
        current = rest;
        parts = Math.max(parts - 1, 2);
        dropped = true;
        break;
      }
    }
    if (dropped) continue;
    if (parts >= current.length) break;
    parts = Math.min(current.length, parts * 2);
  }
  return current;
}
