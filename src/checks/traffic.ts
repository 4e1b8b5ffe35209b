// Traffic distribution (seed M6, docs/checks.md "Traffic distribution"): per phase, the share
// of ok router ops answered by each region (the completion's `region`) against the expected
// share — even, or the router's weights — over the regions in service in that phase (a region
// under a kill/stop/pause/isolate fault throughout the phase expects 0). `skew` = the largest
// |share − expected|, a fraction. Ok router ops whose answering region is unknown are counted
// apart (`unknown`), in no share.
import type { Op } from '../history/ops.js';
import { scanOps } from '../history/table.js';
import type { RegionName, Report } from '../model.js';
import { REGION_FAULTS } from './faults.js';
import { phaseIndex, type Phase } from './phases.js';
import { isProbeKey } from './values.js';

type Result = Report['checks']['trafficDistribution'];

export function checkTrafficDistribution(
  ops: Iterable<Op>,
  phases: readonly Phase[],
  regions: readonly RegionName[],
  weights: Record<RegionName, number> = {},
): Result {
  const known = new Set(regions);
  const counts = phases.map(() => ({ unknown: 0, by: new Map<RegionName, number>() }));
  for (const op of scanOps(ops)) {
    if (op.via !== 'router' || op.outcome !== 'ok' || isProbeKey(op.key)) continue;
    const i = phaseIndex(phases, op.invoke);
    if (i < 0) continue;
    const c = counts[i]!;
    if (known.has(op.region)) c.by.set(op.region, (c.by.get(op.region) ?? 0) + 1);
    else c.unknown++;
  }
  const byPhase = phases.map((p, i) => {
    const { unknown, by } = counts[i]!;
    const answered = [...by.values()].reduce((a, b) => a + b, 0);
    const expected = expectedShares(regions, p, weights);
    const shares: Record<RegionName, number> = {};
    let skew: number | null = null;
    for (const r of regions) {
      if (answered === 0) continue;
      shares[r] = (by.get(r) ?? 0) / answered;
      skew = Math.max(skew ?? 0, Math.abs(shares[r] - expected[r]!));
    }
    return {
      phase: p.phase,
      startMs: p.startMs,
      endMs: p.endMs,
      ops: answered,
      unknown,
      shares,
      expected,
      skew,
    };
  });
  const skews = byPhase.flatMap((p) => (p.skew === null ? [] : [p.skew]));
  return { skew: skews.length === 0 ? null : Math.max(...skews), byPhase };
}

/** Even (or weighted) over the regions no region fault holds throughout the phase. */
function expectedShares(
  regions: readonly RegionName[],
  phase: Phase,
  weights: Record<RegionName, number>,
): Record<RegionName, number> {
  const out = new Set(
    phase.inForce
      .filter((s) => s.fault && REGION_FAULTS.includes(s.fault))
      .flatMap((s) => s.regions),
  );
  const weight = (r: RegionName) => (out.has(r) ? 0 : Math.max(0, weights[r] ?? 1));
  const total = regions.reduce((sum, r) => sum + weight(r), 0);
  return Object.fromEntries(regions.map((r) => [r, total === 0 ? 0 : weight(r) / total]));
}

/** Every region the run shows: the scenario's, those direct clients addressed, those that
 * answered router ops, and those a fault named. */
export function regionsOf(
  ops: Iterable<Op>,
  scenarioRegions: readonly RegionName[],
  faultRegions: readonly RegionName[],
): RegionName[] {
  const found = new Set<RegionName>([...scenarioRegions, ...faultRegions]);
  for (const op of scanOps(ops)) if (op.region && op.region !== 'router') found.add(op.region);
  return [...found].sort();
}
