// Latency percentiles of ok operations per entry (`router`, or a region's direct clients),
// from HDR histograms (5 significant digits: exact to the microsecond below 131 ms) so a
// million samples cost little memory.
import { build, type Histogram } from 'hdr-histogram-js';
import type { Op } from '../history/ops.js';
import { scanOps } from '../history/table.js';
import type { Report } from '../model.js';
import { entryOf, isProbeKey } from './values.js';

type Result = Report['checks']['latency'];

/** Distinct values counted before they go to the histogram: a few MB at most. */
const PENDING_VALUES = 1 << 16;

/** One entry's latencies in microseconds: counted per value, then recorded in the histogram once
 * per value with its count (the same counts as one by one, which cost ~0.1 µs a sample). */
class Latencies {
  readonly histogram: Histogram = build({ numberOfSignificantValueDigits: 5, autoResize: true });
  private readonly pending = new Map<number, number>();

  add(us: number): void {
    this.pending.set(us, (this.pending.get(us) ?? 0) + 1);
    if (this.pending.size >= PENDING_VALUES) this.flush();
  }

  flush(): Histogram {
    for (const [us, count] of this.pending) this.histogram.recordValueWithCount(us, count);
    this.pending.clear();
    return this.histogram;
  }
}

/** Latency over ops given one at a time (any order). */
export class LatencyTally {
  private readonly entries = new Map<string, Latencies>();

  add(op: Op): void {
    if (op.outcome !== 'ok' || isProbeKey(op.key)) return;
    const entry = entryOf(op);
    let latencies = this.entries.get(entry);
    if (!latencies) this.entries.set(entry, (latencies = new Latencies()));
    latencies.add(Math.max(0, Math.round((op.complete - op.invoke) * 1000)));
  }

  result(): Result {
    const byEntry: Result['byEntry'] = {};
    for (const [entry, latencies] of [...this.entries].sort(([a], [b]) => a.localeCompare(b))) {
      const h = latencies.flush();
      const at = (p: number) => h.getValueAtPercentile(p) / 1000;
      byEntry[entry] = { p50: at(50), p95: at(95), p99: at(99) };
      h.destroy();
    }
    return { byEntry };
  }
}

export function checkLatency(ops: Iterable<Op>): Result {
  const tally = new LatencyTally();
  for (const op of scanOps(ops)) tally.add(op);
  return tally.result();
}
