// Failover time per region fault, over router operations (see docs/checks.md "Failover").
// Router ops count at their completion time. The fault's span [start, end] is cut into 1 s
// windows from the start; a window meets the target when it has no router op or
// ok/(ok+fail+info) ≥ target. Recovery = the first ok router op in the earliest window from
// which every window until the fault end meets the target.
import type { Op } from '../history/ops.js';
import { lastComplete, scanOps } from '../history/table.js';
import type { Report } from '../model.js';
import { REGION_FAULTS, type FaultStep } from './faults.js';
import { roundMs } from './stats.js';

type Result = Report['checks']['failover'];
export const WINDOW_MS = 1000;

export function checkFailover(
  ops: Iterable<Op>,
  steps: readonly FaultStep[],
  availabilityTarget: number,
): Result {
  if (regionFaults(steps).length === 0) return [];
  const tally = new FailoverTally(steps);
  for (const o of scanOps(ops)) tally.add(o);
  return tally.result(lastComplete(ops, 0), availabilityTarget);
}

/** Failover over ops given one at a time (any order): a fault never healed spans up to the
 * last op's completion, known at the end, so until then its span has no end (no op completes
 * after the last completion, so the completions kept are the same). */
export class FailoverTally {
  private readonly region: FaultStep[];
  private readonly router: Completions;

  constructor(steps: readonly FaultStep[]) {
    this.region = regionFaults(steps);
    this.router = new Completions(faultSpans(this.region, Infinity));
  }

  add(o: Op): void {
    if (this.region.length > 0 && o.via === 'router')
      this.router.add(o.complete, o.outcome === 'ok');
  }

  /** `lastTime`: the latest completion of any op, from 0. */
  result(lastTime: number, availabilityTarget: number): Result {
    if (this.region.length === 0) return [];
    const spans = faultSpans(this.region, lastTime);
    return failoverOver(this.router, this.region, spans, availabilityTarget);
  }
}

export const regionFaults = (steps: readonly FaultStep[]): FaultStep[] =>
  steps.filter((s) => s.fault !== undefined && REGION_FAULTS.includes(s.fault));

/** Each fault's span [start, end]; `lastTime` ends a fault the run never healed. */
export const faultSpans = (region: readonly FaultStep[], lastTime: number): [number, number][] =>
  region.map((s) => [s.start, Number.isFinite(s.end) ? s.end : Math.max(lastTime, s.start)]);

/** The completion times (ascending) of the operations that completed in a fault's span, ok
 * and not: all failover reads of an operation, so a run's other operations are not kept. */
export class Completions {
  private readonly times: { ok: number[]; notOk: number[] } = { ok: [], notOk: [] };
  constructor(private readonly spans: readonly [number, number][]) {}

  /** Whether time t is in a fault's span (an operation completed then is kept). */
  inSpan(t: number): boolean {
    return this.spans.some(([start, end]) => t >= start && t <= end);
  }

  add(complete: number, ok: boolean): void {
    if (this.inSpan(complete)) (ok ? this.times.ok : this.times.notOk).push(complete);
  }

  /** The times within [start, end], ascending. */
  between(start: number, end: number): { ok: number[]; notOk: number[] } {
    const pick = (ts: number[]) => ts.filter((t) => t >= start && t <= end).sort((a, b) => a - b);
    return { ok: pick(this.times.ok), notOk: pick(this.times.notOk) };
  }
}

/** The failover of each region fault over these router completions. */
export function failoverOver(
  router: Completions,
  region: readonly FaultStep[],
  spans: readonly [number, number][],
  availabilityTarget: number,
): Result {
  return region.map((step, i) => {
    const [start, end] = spans[i]!;
    return {
      step: step.id,
      region: step.regions[0] ?? '',
      ...measure(router.between(start, end), start, end, availabilityTarget),
    };
  });
}

function measure(
  ops: { ok: number[]; notOk: number[] },
  start: number,
  end: number,
  target: number,
) {
  const windowOf = (t: number) => Math.floor((t - start) / WINDOW_MS);
  const firstGood = firstGoodWindow(ops, windowOf, windowOf(end) + 1, target);
  const recovery = ops.ok.find((t) => windowOf(t) >= firstGood);
  const failed = ops.notOk;
  const firstFailure = failed[0];
  const errors = recovery === undefined ? failed : failed.filter((t) => t <= recovery);
  return {
    detectionMs: firstFailure === undefined ? null : roundMs(firstFailure - start),
    failoverMs: recovery === undefined ? null : roundMs(recovery - start),
    errors: errors.length,
  };
}

/** The earliest window from which every window up to `count` meets the target. */
function firstGoodWindow(
  ops: { ok: number[]; notOk: number[] },
  windowOf: (t: number) => number,
  count: number,
  target: number,
) {
  const ok = new Float64Array(count);
  const total = new Float64Array(count);
  for (const t of ops.ok) {
    ok[windowOf(t)]!++;
    total[windowOf(t)]!++;
  }
  for (const t of ops.notOk) total[windowOf(t)]!++;
  let first = count;
  while (first > 0) {
    const w = first - 1;
    const meets = total[w] === 0 || ok[w]! >= target * total[w]! - 1e-9;
    if (!meets) break;
    first = w;
  }
  return first;
}
