// Traffic distribution (seed M6, docs/checks.md "Traffic distribution"): per phase, the share
// of ok router ops answered by each region (the completion's `region`) against the expected
// share — even, or the router's weights — over the regions in service in that phase (a region
// under a kill/stop/pause/isolate fault throughout the phase expects 0). `skew` = the largest
// |share − expected|, a fraction. Ok router ops whose answering region is unknown are counted
// apart (`unknown`), in no share.
import type { Op } from '../history/ops.js';
import { scanOps } from '../history/table.js';
import type { Millis, RegionName, Report } from '../model.js';
import { REGION_FAULTS } from './faults.js';
import { PhaseSlots } from './phase-slots.js';
import { phaseIndex, type Phase } from './phases.js';
import { isProbeKey } from './values.js';

type Result = Report['checks']['trafficDistribution'];

/** Counts of ok router ops by answering region, per phase slot. */
type Counts = Map<RegionName, number>;

/** Traffic distribution over ops given one at a time in history order. */
export class TrafficTally {
  /** Every region an op named (regionsOf). */
  private readonly seen = new Set<RegionName>();
  private readonly slots: Counts[];
  private readonly waiting: { invoke: Millis; region: RegionName }[] = [];

  constructor(private readonly phaseSlots: PhaseSlots) {
    this.slots = Array.from({ length: phaseSlots.count }, () => new Map());
  }

  add(op: Op): void {
    const region = op.region;
    if (region && region !== 'router') this.seen.add(region);
    if (op.via !== 'router' || op.outcome !== 'ok' || isProbeKey(op.key)) return;
    const i = this.phaseSlots.slot(op.invoke, op.complete);
    if (i === undefined) this.waiting.push({ invoke: op.invoke, region });
    else if (i >= 0) count(this.slots[i]!, region, 1);
  }

  /** Every region the run shows (see regionsOf). */
  regions(scenarioRegions: readonly RegionName[], faultRegions: readonly RegionName[]) {
    return [...new Set([...scenarioRegions, ...faultRegions, ...this.seen])].sort();
  }

  result(
    lastOpTime: Millis,
    regions: readonly RegionName[],
    weights: Record<RegionName, number> = {},
  ): Result {
    const phases = this.phaseSlots.phases(lastOpTime);
    const perPhase: Counts[] = phases.map(() => new Map());
    this.phaseSlots.phaseOfSlots(phases).forEach((p, s) => {
      if (p >= 0) for (const [r, n] of this.slots[s]!) count(perPhase[p]!, r, n);
    });
    for (const w of this.waiting) {
      const i = phaseIndex(phases, w.invoke);
      if (i >= 0) count(perPhase[i]!, w.region, 1);
    }
    const known = new Set(regions);
    const counts = perPhase.map((c) => {
      const by = new Map<RegionName, number>();
      let unknown = 0;
      for (const [r, n] of c) {
        if (known.has(r)) by.set(r, n);
        else unknown += n;
      }
      return { unknown, by };
    });
    return distribution(phases, counts, regions, weights);
  }
}

const count = (c: Counts, region: RegionName, n: number) => c.set(region, (c.get(region) ?? 0) + n);

export function checkTrafficDistribution(
  ops: Iterable<Op>,
  phases: readonly Phase[],
  regions: readonly RegionName[],
  weights: Record<RegionName, number> = {},
): Result {
  const tally = new TrafficTally(PhaseSlots.fixed(phases));
  for (const op of scanOps(ops)) tally.add(op);
  return tally.result(-Infinity, regions, weights);
}

function distribution(
  phases: readonly Phase[],
  counts: { unknown: number; by: Map<RegionName, number> }[],
  regions: readonly RegionName[],
  weights: Record<RegionName, number>,
): Result {
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
