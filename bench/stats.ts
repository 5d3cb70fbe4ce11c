/** Median and p99 of a sample, in its own unit. */
export function summarize(samples: number[]): { n: number; median: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { n: sorted.length, median: at(0.5), p99: at(0.99) };
}

export const ratio = (ours: number, baseline: number) => Math.round((ours / baseline) * 100) / 100;

export const mean = (samples: number[]) => samples.reduce((sum, x) => sum + x, 0) / samples.length;
