// Nesting depth of a decoded callable argument, walked without recursion so that a
// hostile depth cannot exhaust the stack; stops counting past `cap`.
export const MAX_INPUT_DEPTH = 32;

export function jsonDepth(value: unknown, cap: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    deepest = Math.max(deepest, depth);
    if (deepest > cap) return deepest;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return deepest;
}
