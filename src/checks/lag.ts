// Replication lag (DESIGN.md §7, seed M3). For an ok probe write n of origin a and a region
// b ≠ a: lag = b's cover time of n − n's ok time (≥ 0); uncovered at b's last probe read →
// censored, lag ≥ that read's ok time − n's ok time (counted in `uncovered` and in the
// percentiles); written after b's last probe read → not judged; no probe reads → null.
// Series: per ok probe read in b of a seeing m at t, t − the ok time of the first ok write of
// a with a sequence > m completed before t (0 if none).
import type { Op } from '../history/ops.js';
import type { Report } from '../model.js';
import { direction, ProbeCoverage, type ProbeWrite } from './coverage.js';
import { firstIndex, percentile, roundMs, sortNumbers } from './stats.js';

type Result = Report['checks']['replicationLag'];
type Figures = NonNullable<Result['byDirection'][string]>;
type Series = NonNullable<Result['series']>;

export function checkReplicationLag(ops: Iterable<Op>, coverage = new ProbeCoverage(ops)): Result {
  const all: number[] = [];
  let uncovered = 0;
  const byDirection: Result['byDirection'] = {};
  const series: Series = [];
  for (const a of coverage.origins) {
    for (const b of coverage.regions.filter((region) => region !== a)) {
      const samples = directionLag(coverage, a, b);
      byDirection[direction(a, b)] = samples && figures(samples.lags, samples.uncovered);
      if (!samples) continue;
      all.push(...samples.lags);
      uncovered += samples.uncovered;
      series.push(...missingSeries(coverage, a, b));
    }
  }
  series.sort((x, y) => x.time - y.time);
  return { ...figures(all, uncovered), byDirection, series };
}

function directionLag(coverage: ProbeCoverage, a: string, b: string) {
  const last = coverage.lastRead(a, b);
  if (last === undefined) return null;
  const lags: number[] = [];
  let uncovered = 0;
  for (const write of coverage.writes.get(a) ?? []) {
    if (write.ok > last) continue;
    const cover = coverage.coverTime(a, b, write.seq);
    if (cover === Infinity) uncovered++;
    lags.push(roundMs(Math.max(0, (cover === Infinity ? last : cover) - write.ok)));
  }
  return { lags, uncovered };
}

function figures(lags: number[], uncovered: number): Figures & { samples: number } {
  const sorted = sortNumbers(lags);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: percentile(sorted, 100),
    uncovered,
    samples: sorted.length,
  };
}

/** How long b has been missing newer data from a, at each of b's reads of a's key. */
function missingSeries(coverage: ProbeCoverage, a: string, b: string): Series {
  const writes = coverage.writes.get(a) ?? [];
  // prefixMax[i]: the highest sequence among the first i+1 writes to be acknowledged.
  const prefixMax: number[] = [];
  for (const w of writes) prefixMax.push(Math.max(prefixMax.at(-1) ?? -Infinity, w.seq));
  const reads = coverage.readsOf(a, b) ?? { times: [], seqs: [] };
  return reads.times.map((time, i) => {
    const first = writes[firstIndex(prefixMax, (max) => max > (reads.seqs[i] as number))] as
      ProbeWrite | undefined;
    const lagMs = first && first.ok < time ? roundMs(time - first.ok) : 0;
    return { time, lagMs, from: a, to: b };
  });
}
