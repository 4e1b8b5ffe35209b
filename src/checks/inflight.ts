// In-flight fate (docs/checks.md "In-flight fate"): per region fault step, the operations in
// flight at the fault's start (invoked at or before it, completed after it, or never), how each
// ended, and how many of their logical operations (client retries) finally succeeded; and the
// failover time as users with retries see it: the failover definition applied to logical router
// operations (first attempt's invoke, last attempt's completion and outcome).
import type { Op } from '../history/ops.js';
import { filterOps } from '../history/table.js';
import type { Report } from '../model.js';
import { checkFailover } from './failover.js';
import { REGION_FAULTS, type FaultStep } from './faults.js';
import { groupBy, isProbeKey } from './values.js';

export type InFlightFate = NonNullable<Report['checks']['inFlight']>[number];

/** Each logical operation as one op: its first invoke, its last completion and outcome. */
export function logicalOps(ops: readonly Op[]): Op[] {
  let alone = 0;
  const groups = groupBy(ops, (o) => (o.logical === undefined ? `\0${alone++}` : o.logical));
  return [...groups.values()].map((attempts) => {
    const first = attempts[0]!;
    const last = attempts.reduce((a, b) => (b.complete > a.complete ? b : a));
    return { ...last, invoke: first.invoke };
  });
}

export function checkInFlight(
  ops: Iterable<Op>,
  steps: readonly FaultStep[],
  availabilityTarget: number,
): InFlightFate[] {
  // Without a region fault nothing is read: the ops as objects cost ~150 bytes each.
  const region = steps.filter((s) => s.fault !== undefined && REGION_FAULTS.includes(s.fault));
  if (region.length === 0) return [];
  const all = filterOps(ops, (o) => !isProbeKey(o.key), { probe: false });
  const logicalFailover = checkFailover(logicalOps(all), region, availabilityTarget);
  const attemptFailover = checkFailover(all, region, availabilityTarget);
  const okLogical = new Set(all.filter((o) => o.outcome === 'ok').map(idOf));
  return region.map((step, i) => {
    const caught = all.filter((o) => o.invoke <= step.start && o.complete > step.start);
    const logical = new Set(caught.map(idOf));
    return {
      step: step.id,
      region: step.regions[0] ?? '',
      ops: caught.length,
      ok: caught.filter((o) => o.outcome === 'ok').length,
      fail: caught.filter((o) => o.outcome === 'fail').length,
      info: caught.filter((o) => o.outcome === 'info').length,
      logical: logical.size,
      succeeded: [...logical].filter((id) => okLogical.has(id)).length,
      failoverMs: attemptFailover[i]?.failoverMs ?? null,
      logicalFailoverMs: logicalFailover[i]?.failoverMs ?? null,
    };
  });
}

/** An op's logical id; an op without one is its own (process and invoke time name it). */
const idOf = (o: Op): string => o.logical ?? `\0${o.process}@${o.invoke}`;
