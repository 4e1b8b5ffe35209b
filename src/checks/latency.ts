// Latency percentiles of ok operations per entry (`router`, or a region's direct clients),
// from HDR histograms (5 significant digits: exact to the microsecond below 131 ms) so a
// million samples cost little memory.
import { build, type Histogram } from 'hdr-histogram-js';
import type { Op } from '../history/ops.js';
import { scanOps } from '../history/table.js';
import type { Report } from '../model.js';
import { entryOf, isProbeKey } from './values.js';

type Result = Report['checks']['latency'];

export function checkLatency(ops: Iterable<Op>): Result {
  const histograms = new Map<string, Histogram>();
  for (const op of scanOps(ops)) {
    if (op.outcome !== 'ok' || isProbeKey(op.key)) continue;
    const entry = entryOf(op);
    let h = histograms.get(entry);
    if (!h) {
      h = build({ numberOfSignificantValueDigits: 5, autoResize: true });
      histograms.set(entry, h);
    }
    h.recordValue(Math.max(0, Math.round((op.complete - op.invoke) * 1000)));
  }
  const byEntry: Result['byEntry'] = {};
  for (const [entry, h] of [...histograms].sort(([a], [b]) => a.localeCompare(b))) {
    const at = (p: number) => h.getValueAtPercentile(p) / 1000;
    byEntry[entry] = { p50: at(50), p95: at(95), p99: at(99) };
    h.destroy();
  }
  return { byEntry };
}
