// In-flight fate (docs/checks.md "In-flight fate"): per region fault step, the operations in
// flight at the fault's start (invoked at or before it, completed after it, or never), how each
// ended, and how many of their logical operations (client retries) finally succeeded; and the
// failover time as users with retries see it: the failover definition applied to logical router
// operations (first attempt's invoke, last attempt's completion and outcome).
import type { Op } from '../history/ops.js';
import { filterOps, scanOps } from '../history/table.js';
import type { Report } from '../model.js';
import { Completions, failoverOver, faultSpans, regionFaults } from './failover.js';
import type { FaultStep } from './faults.js';
import { isProbeKey } from './values.js';

export type InFlightFate = NonNullable<Report['checks']['inFlight']>[number];

export function checkInFlight(
  ops: Iterable<Op>,
  steps: readonly FaultStep[],
  availabilityTarget: number,
): InFlightFate[] {
  const region = regionFaults(steps);
  if (region.length === 0) return [];
  // Held: the ops caught at a fault's start, and the completions in a fault's span (all the
  // failover figures read); the rest is read from the table's columns, never made into objects.
  const nonProbe = (o: Op) => !isProbeKey(o.key);
  const caught = region.map(({ start }) =>
    filterOps(ops, (o) => nonProbe(o) && o.invoke <= start && o.complete > start, {
      probe: false,
      inFlightAt: start,
    }),
  );
  let lastTime = 0;
  for (const o of scanOps(ops)) if (nonProbe(o)) lastTime = Math.max(lastTime, o.complete);
  const spans = faultSpans(region, lastTime);
  const { attempts, logical } = routerCompletions(ops, spans);
  const attemptFailover = failoverOver(attempts, region, spans, availabilityTarget);
  const logicalFailover = failoverOver(logical, region, spans, availabilityTarget);
  const caughtIds = new Set(caught.flat().map(idOf));
  // An op's id is made only when it could be a caught op's (a string per op costs ~0.2 s a
  // million): one without a logical id is named by its process and invoke time, so its
  // invoke time must be a caught op's (unless a caught logical id looks like such a name).
  const invokes = new Set(caught.flat().map((o) => o.invoke));
  const odd = caught.flat().some((o) => o.logical?.startsWith('\0'));
  const mayShare = (o: Op) => odd || o.logical !== undefined || invokes.has(o.invoke);
  const okLogical = new Set<string>();
  for (const o of scanOps(ops)) {
    if (o.outcome === 'ok' && nonProbe(o) && mayShare(o) && caughtIds.has(idOf(o))) {
      okLogical.add(idOf(o));
    }
  }
  return region.map((step, i) => {
    const its = caught[i]!;
    const logical = new Set(its.map(idOf));
    return {
      step: step.id,
      region: step.regions[0] ?? '',
      ops: its.length,
      ok: its.filter((o) => o.outcome === 'ok').length,
      fail: its.filter((o) => o.outcome === 'fail').length,
      info: its.filter((o) => o.outcome === 'info').length,
      logical: logical.size,
      succeeded: [...logical].filter((id) => okLogical.has(id)).length,
      failoverMs: attemptFailover[i]?.failoverMs ?? null,
      logicalFailoverMs: logicalFailover[i]?.failoverMs ?? null,
    };
  });
}

/** The router attempts' completions, and the logical router operations': a logical op completes
 * at its last attempt's completion (the first of equal ones) with that attempt's outcome. A
 * retry stays on its entry, so a logical router op's attempts are all router attempts. Only
 * logical ops with an attempt completed in a fault's span can complete there: only theirs are
 * followed (a run's other logical ops are not kept). */
function routerCompletions(ops: Iterable<Op>, spans: [number, number][]) {
  const attempts = new Completions(spans);
  const logical = new Completions(spans);
  const router = (o: Op) => o.via === 'router' && !isProbeKey(o.key);
  const followed = new Set<string>();
  for (const o of scanOps(ops)) {
    if (!router(o) || !attempts.inSpan(o.complete)) continue;
    attempts.add(o.complete, o.outcome === 'ok');
    if (o.logical === undefined) logical.add(o.complete, o.outcome === 'ok');
    else followed.add(o.logical);
  }
  const last = new Map<string, { complete: number; ok: boolean }>();
  for (const o of scanOps(ops)) {
    if (!router(o) || o.logical === undefined || !followed.has(o.logical)) continue;
    const known = last.get(o.logical);
    if (known && o.complete <= known.complete) continue;
    last.set(o.logical, { complete: o.complete, ok: o.outcome === 'ok' });
  }
  for (const l of last.values()) logical.add(l.complete, l.ok);
  return { attempts, logical };
}

/** An op's logical id; an op without one is its own (process and invoke time name it). */
const idOf = (o: Op): string => o.logical ?? `\0${o.process}@${o.invoke}`;
