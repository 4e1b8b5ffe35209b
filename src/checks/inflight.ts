// In-flight fate (docs/checks.md "In-flight fate"): per region fault step, the operations in
// flight at the fault's start (invoked at or before it, completed after it, or never), how each
// ended, and how many of their logical operations (client retries) finally succeeded; and the
// failover time as users with retries see it: the failover definition applied to logical router
// operations (first attempt's invoke, last attempt's completion and outcome).
import type { Op } from '../history/ops.js';
import { opObject, scanOps } from '../history/table.js';
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
  const tally = new InFlightTally(steps);
  if (!tally.needsAgain) return [];
  for (const o of scanOps(ops)) tally.add(o);
  for (const o of scanOps(ops)) tally.again(o);
  return tally.result(availabilityTarget);
}

/** In-flight fate over two passes of the ops in history order (`add` every op, then `again`
 * every op). Held: the ops caught at a fault's start, and the completions in a fault's span
 * (all the failover figures read); a fault never healed spans up to the last completion, known
 * at the end (no op completes after it, so the same completions are kept). */
export class InFlightTally {
  private readonly region: FaultStep[];
  private readonly caught: Op[][];
  private lastTime = 0;
  private readonly attempts: Completions;
  private readonly logical: Completions;
  /** Logical router ops with an attempt completed in a fault's span. */
  private readonly followed = new Set<string>();
  /** A followed logical op's last attempt (the first of equal completions). */
  private readonly last = new Map<string, { complete: number; ok: boolean }>();
  private readonly okLogical = new Set<string>();
  private share?: { ids: Set<string>; invokes: Set<number>; odd: boolean };

  constructor(steps: readonly FaultStep[]) {
    this.region = regionFaults(steps);
    this.caught = this.region.map(() => []);
    const open = faultSpans(this.region, Infinity);
    this.attempts = new Completions(open);
    this.logical = new Completions(open);
  }

  /** Whether the ops are read at all (a region fault), and twice. */
  get needsAgain(): boolean {
    return this.region.length > 0;
  }

  add(o: Op): void {
    if (this.region.length === 0 || isProbeKey(o.key)) return;
    const { invoke, complete } = o;
    if (complete > this.lastTime) this.lastTime = complete;
    for (let i = 0; i < this.region.length; i++) {
      const start = this.region[i]!.start;
      if (invoke <= start && complete > start) this.caught[i]!.push(opObject(o));
    }
    if (o.via !== 'router' || !this.attempts.inSpan(complete)) return;
    const ok = o.outcome === 'ok';
    this.attempts.add(complete, ok);
    const logical = o.logical;
    if (logical === undefined) this.logical.add(complete, ok);
    else this.followed.add(logical);
  }

  again(o: Op): void {
    if (this.region.length === 0 || isProbeKey(o.key)) return;
    const logical = o.logical;
    if (o.via === 'router' && logical !== undefined && this.followed.has(logical)) {
      const known = this.last.get(logical);
      if (!known || o.complete > known.complete) {
        this.last.set(logical, { complete: o.complete, ok: o.outcome === 'ok' });
      }
    }
    if (o.outcome !== 'ok') return;
    // An op's id is made only when it could be a caught op's (a string per op costs ~0.2 s a
    // million): one without a logical id is named by its process and invoke time, so its
    // invoke time must be a caught op's (unless a caught logical id looks like such a name).
    const share = (this.share ??= {
      ids: new Set(this.caught.flat().map(idOf)),
      invokes: new Set(this.caught.flat().map((c) => c.invoke)),
      odd: this.caught.flat().some((c) => c.logical?.startsWith('\0')),
    });
    const mayShare = share.odd || logical !== undefined || share.invokes.has(o.invoke);
    if (mayShare && share.ids.has(idOf(o))) this.okLogical.add(idOf(o));
  }

  result(availabilityTarget: number): InFlightFate[] {
    const region = this.region;
    if (region.length === 0) return [];
    for (const l of this.last.values()) this.logical.add(l.complete, l.ok);
    this.last.clear();
    const spans = faultSpans(region, this.lastTime);
    const attemptFailover = failoverOver(this.attempts, region, spans, availabilityTarget);
    const logicalFailover = failoverOver(this.logical, region, spans, availabilityTarget);
    return region.map((step, i) => {
      const its = this.caught[i]!;
      const logical = new Set(its.map(idOf));
      return {
        step: step.id,
        region: step.regions[0] ?? '',
        ops: its.length,
        ok: its.filter((o) => o.outcome === 'ok').length,
        fail: its.filter((o) => o.outcome === 'fail').length,
        info: its.filter((o) => o.outcome === 'info').length,
        logical: logical.size,
        succeeded: [...logical].filter((id) => this.okLogical.has(id)).length,
        failoverMs: attemptFailover[i]?.failoverMs ?? null,
        logicalFailoverMs: logicalFailover[i]?.failoverMs ?? null,
      };
    });
  }
}

/** An op's logical id; an op without one is its own (process and invoke time name it). */
const idOf = (o: Op): string => o.logical ?? `\0${o.process}@${o.invoke}`;
