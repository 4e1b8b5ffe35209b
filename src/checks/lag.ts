// Replication lag from probes: writes by `probe-<region>` processes on `probe:` keys, read by
// probe processes in the other regions. Sample = ok time of the first ok read of v in another
// region − ok time of W(v), clamped at 0; one sample per (write, reading region).
import type { Op } from '../history/ops.js';
import type { Report } from '../model.js';
import { percentile, roundMs, sortNumbers } from './stats.js';
import { isProbeKey, valueId } from './values.js';

type Result = Report['checks']['replicationLag'];

const isProbeOp = (op: Op): boolean =>
  op.outcome === 'ok' && op.process.startsWith('probe-') && isProbeKey(op.key);

export function checkReplicationLag(ops: readonly Op[]): Result {
  const firstSeen = new Map<string, number>();
  const writes: Op[] = [];
  for (const op of ops) {
    if (!isProbeOp(op)) continue;
    if (op.f === 'write') writes.push(op);
    if (op.f !== 'read' || op.value === null) continue;
    const id = `${op.key}\u0000${valueId(op.value)}\u0000${op.region}`;
    firstSeen.set(id, Math.min(firstSeen.get(id) ?? Infinity, op.ok));
  }
  const regions = new Set(ops.filter(isProbeOp).map((op) => op.region));
  const series: NonNullable<Result['series']> = [];
  for (const w of writes) {
    for (const to of regions) {
      if (to === w.region) continue;
      const seen = firstSeen.get(`${w.key}\u0000${valueId(w.value)}\u0000${to}`);
      if (seen === undefined) continue;
      series.push({ time: w.ok, lagMs: roundMs(Math.max(0, seen - w.ok)), from: w.region, to });
    }
  }
  series.sort((a, b) => a.time - b.time);
  const sorted = sortNumbers(series.map((s) => s.lagMs));
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: percentile(sorted, 100),
    samples: sorted.length,
    series,
  };
}
