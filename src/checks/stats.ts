// Exact order statistics for the small distributions checks report (staleness, lag).
// Latency uses HDR histograms instead (src/checks/latency.ts): it can have millions of samples.

/** Nearest-rank percentile of already-sorted numbers; 0 for an empty list. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] as number;
}

export function sortNumbers(values: number[]): number[] {
  return values.slice().sort((a, b) => a - b);
}

/** Rounds a millisecond figure to microseconds so reports do not show float noise. */
export const roundMs = (ms: number): number => Math.round(ms * 1000) / 1000;

/** Index of the first element of `sorted` for which `isAfter` is true (sorted must be partitioned). */
export function firstIndex<T>(sorted: readonly T[], isAfter: (t: T) => boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (isAfter(sorted[mid] as T)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
