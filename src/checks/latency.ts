// Latency percentiles of ok operations per region, from HDR histograms (5 significant
// digits: exact to the microsecond below 131 ms) so a million samples cost little memory.
import { build, type Histogram } from 'hdr-histogram-js';
import type { Op } from '../history/ops.js';
import type { Report } from '../model.js';
import { isProbeKey } from './values.js';

type Result = Report['checks']['latency'];

export function checkLatency(ops: readonly Op[]): Result {
  const histograms = new Map<string, Histogram>();
  for (const op of ops) {
    if (op.outcome !== 'ok' || isProbeKey(op.key)) continue;
    let h = histograms.get(op.region);
    if (!h) {
      h = build({ numberOfSignificantValueDigits: 5, autoResize: true });
      histograms.set(op.region, h);
    }
    h.recordValue(Math.max(0, Math.round((op.complete - op.invoke) * 1000)));
  }
  const byRegion: Result['byRegion'] = {};
  for (const [region, h] of histograms) {
    const at = (p: number) => h.getValueAtPercentile(p) / 1000;
    byRegion[region] = { p50: at(50), p95: at(95), p99: at(99) };
    h.destroy();
  }
  return { byRegion };
}
