// Failover time per region fault, over router operations (see docs/checks.md "Failover").
// Router ops count at their completion time. The fault's span [start, end] is cut into 1 s
// windows from the start; a window meets the target when it has no router op or
// ok/(ok+fail+info) ≥ target. Recovery = the first ok router op in the earliest window from
// which every window until the fault end meets the target.
import type { Op } from '../history/ops.js';
import { filterOps, lastComplete } from '../history/table.js';
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
  const region = regionFaults(steps);
  if (region.length === 0) return [];
  const routerOps = filterOps(ops, (o) => o.via === 'router', { via: 'router' });
  return failoverOver(routerOps, lastComplete(ops, 0), region, availabilityTarget);
}

export const regionFaults = (steps: readonly FaultStep[]): FaultStep[] =>
  steps.filter((s) => s.fault !== undefined && REGION_FAULTS.includes(s.fault));

/** The failover of each region fault over these router ops (sorted here); `lastTime` ends a
 * fault the run never healed. */
export function failoverOver(
  routerOps: Op[],
  lastTime: number,
  region: readonly FaultStep[],
  availabilityTarget: number,
): Result {
  routerOps.sort((a, b) => a.complete - b.complete);
  return region.map((step) => {
    const end = Number.isFinite(step.end) ? step.end : Math.max(lastTime, step.start);
    const inFault = routerOps.filter((o) => o.complete >= step.start && o.complete <= end);
    return {
      step: step.id,
      region: step.regions[0] ?? '',
      ...measure(inFault, step.start, end, availabilityTarget),
    };
  });
}

function measure(ops: Op[], start: number, end: number, target: number) {
  const windowOf = (o: Op) => Math.floor((o.complete - start) / WINDOW_MS);
  const firstGood = firstGoodWindow(ops, windowOf, windowOf({ complete: end } as Op) + 1, target);
  const recovery = ops.find((o) => o.outcome === 'ok' && windowOf(o) >= firstGood);
  const failed = ops.filter((o) => o.outcome !== 'ok');
  const firstFailure = failed[0];
  const errors = recovery ? failed.filter((o) => o.complete <= recovery.complete) : failed;
  return {
    detectionMs: firstFailure ? roundMs(firstFailure.complete - start) : null,
    failoverMs: recovery ? roundMs(recovery.complete - start) : null,
    errors: errors.length,
  };
}

/** The earliest window from which every window up to `count` meets the target. */
function firstGoodWindow(ops: Op[], windowOf: (o: Op) => number, count: number, target: number) {
  const ok = new Float64Array(count);
  const total = new Float64Array(count);
  for (const o of ops) {
    const w = windowOf(o);
    total[w]!++;
    if (o.outcome === 'ok') ok[w]!++;
  }
  let first = count;
  while (first > 0) {
    const w = first - 1;
    const meets = total[w] === 0 || ok[w]! >= target * total[w]! - 1e-9;
    if (!meets) break;
    first = w;
  }
  return first;
}
