// The whole-run figures as they were computed before the one-pass tallies (issue 15): each
// check its own scans over the whole table (kept here, verbatim, as the reference the tallies
// of src/checks/whole-run.ts must equal: test/checks/whole-run.test.ts).
import { build, type Histogram } from 'hdr-histogram-js';
import { Completions, failoverOver, faultSpans, regionFaults } from '../../src/checks/failover.js';
import { faultSteps, REGION_FAULTS, type FaultStep } from '../../src/checks/faults.js';
import { phaseIndex, phasesOf, timelineSpan, type Phase } from '../../src/checks/phases.js';
import { roundMs } from '../../src/checks/stats.js';
import { entryOf, isProbeKey } from '../../src/checks/values.js';
import type { Op } from '../../src/history/ops.js';
import { filterOps, lastComplete, scanOps } from '../../src/history/table.js';
import type { FaultResponse, Millis, RegionName, Report, RunEvent } from '../../src/model.js';
import type { RunContents } from '../../src/slo/catalog.js';

type Checks = Report['checks'];
const WINDOW_MS = 1000;

class Tally {
  ok = 0;
  all = 0;
  readonly entries = new Map<string, { ok: number; all: number }>();
  add(entry: string, ok: boolean): void {
    let c = this.entries.get(entry);
    if (!c) this.entries.set(entry, (c = { ok: 0, all: 0 }));
    c.all++;
    this.all++;
    if (ok) {
      c.ok++;
      this.ok++;
    }
  }
  byEntry(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, c] of [...this.entries].sort(([a], [b]) => a.localeCompare(b)))
      out[name] = c.ok / c.all;
    return out;
  }
}

export function checkAvailability(
  ops: Iterable<Op>,
  phases: readonly Phase[],
): Checks['availability'] {
  const total = new Tally();
  const perPhase = phases.map(() => new Tally());
  for (const op of scanOps(ops)) {
    if (isProbeKey(op.key)) continue;
    const success = op.outcome === 'ok';
    const entry = entryOf(op);
    total.add(entry, success);
    const i = phaseIndex(phases, op.invoke);
    if (i >= 0) perPhase[i]!.add(entry, success);
  }
  return {
    overall: total.all === 0 ? 1 : total.ok / total.all,
    byEntry: total.byEntry(),
    byPhase: phases.map((p, i) => {
      const t = perPhase[i]!;
      return {
        phase: p.phase,
        startMs: p.startMs,
        endMs: p.endMs,
        ops: t.all,
        overall: t.all === 0 ? null : t.ok / t.all,
        byEntry: t.byEntry(),
      };
    }),
  };
}

/** Distinct values counted before they go to the histogram: a few MB at most. */
const PENDING_VALUES = 1 << 16;

/** One entry's latencies in microseconds: counted per value, then recorded in the histogram once
 * per value with its count (the same counts as one by one, which cost ~0.1 µs a sample). */
class Latencies {
  readonly histogram: Histogram = build({ numberOfSignificantValueDigits: 5, autoResize: true });
  private readonly pending = new Map<number, number>();

  add(us: number): void {
    this.pending.set(us, (this.pending.get(us) ?? 0) + 1);
    if (this.pending.size >= PENDING_VALUES) this.flush();
  }

  flush(): Histogram {
    for (const [us, count] of this.pending) this.histogram.recordValueWithCount(us, count);
    this.pending.clear();
    return this.histogram;
  }
}

export function checkLatency(ops: Iterable<Op>): Checks['latency'] {
  const entries = new Map<string, Latencies>();
  for (const op of scanOps(ops)) {
    if (op.outcome !== 'ok' || isProbeKey(op.key)) continue;
    const entry = entryOf(op);
    let latencies = entries.get(entry);
    if (!latencies) entries.set(entry, (latencies = new Latencies()));
    latencies.add(Math.max(0, Math.round((op.complete - op.invoke) * 1000)));
  }
  const byEntry: Checks['latency']['byEntry'] = {};
  for (const [entry, latencies] of [...entries].sort(([a], [b]) => a.localeCompare(b))) {
    const h = latencies.flush();
    const at = (p: number) => h.getValueAtPercentile(p) / 1000;
    byEntry[entry] = { p50: at(50), p95: at(95), p99: at(99) };
    h.destroy();
  }
  return { byEntry };
}

export function checkTrafficDistribution(
  ops: Iterable<Op>,
  phases: readonly Phase[],
  regions: readonly RegionName[],
  weights: Record<RegionName, number> = {},
): Checks['trafficDistribution'] {
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

export function checkFailover(
  ops: Iterable<Op>,
  steps: readonly FaultStep[],
  availabilityTarget: number,
): Checks['failover'] {
  const region = regionFaults(steps);
  if (region.length === 0) return [];
  const spans = faultSpans(region, lastComplete(ops, 0));
  const router = new Completions(spans);
  for (const o of scanOps(ops)) if (o.via === 'router') router.add(o.complete, o.outcome === 'ok');
  return failoverOver(router, region, spans, availabilityTarget);
}

export function checkInFlight(
  ops: Iterable<Op>,
  steps: readonly FaultStep[],
  availabilityTarget: number,
): NonNullable<Checks['inFlight']> {
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

export function checkResponse(
  events: readonly RunEvent[],
  ops: Iterable<Op>,
  steps: readonly FaultStep[],
  timelineEnd: Millis,
  target: number,
): FaultResponse[] {
  // Only each op's completion time and outcome are kept, per entry.
  const router: { time: Millis; ok: boolean }[] = [];
  const workload: { time: Millis; ok: boolean }[] = [];
  // Read only when an action could be the mitigation (a long history is not walked for nothing).
  const needed = steps.length > 0 && events.some((e) => e.type === 'action-end' && e.mitigates);
  for (const o of needed ? ops : []) {
    if (isProbeKey(o.key)) continue;
    const point = { time: o.complete, ok: o.outcome === 'ok' };
    workload.push(point);
    if (o.via === 'router') router.push(point);
  }
  const entry = router.length > 0 ? router : workload;
  const sorted = [...events].sort((a, b) => a.time - b.time);
  return steps.map((step) => {
    const next = steps.find((s) => s.start > step.start)?.start ?? Infinity;
    const end = Math.min(next, Math.max(timelineEnd, step.start));
    const inWindow = sorted.filter((e) => e.time >= step.start && e.time < end);
    const detection = inWindow.find(
      (e) =>
        (e.type === 'mark' && e.kind === 'detected') ||
        (e.type === 'probe' && e.alert === true && e.ok === false),
    );
    const mitigation = inWindow.find(
      (e) =>
        (e.type === 'mark' && e.kind === 'mitigated') ||
        (e.type === 'action-end' &&
          e.mitigates === true &&
          e.ok === true &&
          holdsFrom(entry, e.time, end, target)),
    );
    const since = (e: RunEvent | undefined) => (e ? roundMs(e.time - step.start) : null);
    return {
      step: step.id,
      fault: `${step.fault ?? ''} ${step.regions.join(' ')}`.trim(),
      detectMs: since(detection),
      detectedBy: detection ? by(detection) : null,
      mitigateMs: since(mitigation),
      mitigatedBy: mitigation ? by(mitigation) : null,
    };
  });
}

function by(e: RunEvent): string {
  if (e.type === 'mark') return 'mark';
  return `${e.type === 'probe' ? 'probe' : 'action'} ${e.id ?? ''}`.trim();
}

/** Every 1 s window [from + i·1000, from + (i+1)·1000) before `end` has no op, or ok/total at
 * or above the target (ops counted at completion). */
function holdsFrom(
  entry: readonly { time: Millis; ok: boolean }[],
  from: Millis,
  end: Millis,
  target: number,
): boolean {
  const windows = new Map<number, { ok: number; total: number }>();
  for (const o of entry) {
    if (o.time < from || o.time >= end) continue;
    const w = Math.floor((o.time - from) / WINDOW_MS);
    const counts = windows.get(w) ?? { ok: 0, total: 0 };
    counts.total += 1;
    if (o.ok) counts.ok += 1;
    windows.set(w, counts);
  }
  return [...windows.values()].every((c) => c.ok >= target * c.total - 1e-9);
}

export const countOps = (ops: Iterable<Op>, keep: (op: Op) => boolean): number => {
  let n = 0;
  for (const op of scanOps(ops)) if (keep(op)) n++;
  return n;
};

export function runContents(ops: Iterable<Op>, events: RunEvent[], final: unknown): RunContents {
  const steps = faultSteps(events);
  const c: RunContents = {
    registerReads: 0,
    registerOps: 0,
    routerOps: 0,
    regionFaults: steps.filter((s) => s.fault && REGION_FAULTS.includes(s.fault)).length,
    healedSteps: steps.filter((s) => Number.isFinite(s.end)).length,
    withdraws: 0,
    adds: 0,
    probeWrites: 0,
    okOps: 0,
    hasFinal: final !== null,
    directOps: {},
    routerAnswered: 0,
    faultSteps: steps.length,
    probeSteps: [...new Set(events.filter((e) => e.type === 'probe').flatMap((e) => e.id ?? []))],
    waitSteps: [...new Set(events.filter((e) => e.type === 'wait-end').flatMap((e) => e.id ?? []))],
  };
  for (const op of scanOps(ops)) {
    const probe = isProbeKey(op.key);
    if (op.f === 'read' && op.outcome === 'ok' && !probe) c.registerReads++;
    if ((op.f === 'read' || op.f === 'write' || op.f === 'cas') && !probe) c.registerOps!++;
    if (op.via === 'router') c.routerOps++;
    if (op.via === 'direct' && !probe) c.directOps[op.region] = (c.directOps[op.region] ?? 0) + 1;
    if (op.via === 'router' && op.outcome === 'ok' && !probe && op.region && op.region !== 'router')
      c.routerAnswered++;
    if (op.f === 'withdraw') c.withdraws++;
    if (op.f === 'add') c.adds++;
    if (op.f === 'write' && probe && op.process.startsWith('probe-')) c.probeWrites++;
    if (op.outcome === 'ok') c.okOps++;
  }
  return c;
}

/** The whole-run figures as src/checks/all.ts and index.ts computed them, scan by scan. */
export function referenceWholeRun(
  ops: Iterable<Op>,
  input: {
    events: RunEvent[];
    final: unknown;
    availabilityTarget: number;
    regions?: RegionName[];
    routerWeights?: Record<RegionName, number>;
  },
) {
  const { events, availabilityTarget: target } = input;
  const steps = faultSteps(events);
  const lastOpTime = lastComplete(ops, -Infinity);
  const phases = phasesOf(steps, timelineSpan(events, lastOpTime));
  const faulted = steps.flatMap((s) => s.regions);
  const regions = regionsOf(ops, input.regions ?? [], faulted);
  return {
    failover: checkFailover(ops, steps, target),
    inFlight: checkInFlight(ops, steps, target),
    availability: checkAvailability(ops, phases),
    latency: checkLatency(ops),
    trafficDistribution: checkTrafficDistribution(ops, phases, regions, input.routerWeights),
    response: checkResponse(events, ops, steps, timelineSpan(events, lastOpTime)[1], target),
    contents: runContents(ops, events, input.final),
    workloadOps: countOps(ops, (op) => !isProbeKey(op.key)),
  };
}
