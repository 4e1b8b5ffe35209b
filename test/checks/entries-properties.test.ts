// Property tests for the per-entry figures: availability (per entry, overall, per phase) and
// traffic distribution agree with the brute-force references on random runs with overlapping
// faults, router ops answered by either region (or by none it names), warmup and heal events.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkAvailability } from '../../src/checks/availability.js';
import { faultSteps } from '../../src/checks/faults.js';
import { phasesOf, timelineSpan } from '../../src/checks/phases.js';
import { checkTrafficDistribution, regionsOf } from '../../src/checks/traffic.js';
import type { RunEvent } from '../../src/model.js';
import { ops, type OpSpec } from './helpers.js';
import {
  referenceAvailability,
  referencePhases,
  referenceTraffic,
  type RefStep,
} from './reference.js';

const REGIONS = ['us', 'eu'];
const KINDS = ['kill-region', 'isolate-region', 'pause-region', 'partition', 'latency'] as const;

const opPlan = fc.record({
  p: fc.constantFrom('us-0', 'eu-0', 'router-0', 'router-1', 'probe-us'),
  answer: fc.constantFrom('us', 'eu', 'us', 'eu', 'router'),
  outcome: fc.constantFrom('ok', 'ok', 'ok', 'fail', 'info'),
  at: fc.integer({ min: 0, max: 80 }),
  dur: fc.integer({ min: 0, max: 5 }),
});
const stepPlan = fc.record({
  fault: fc.constantFrom(...KINDS),
  region: fc.constantFrom(...REGIONS),
  start: fc.integer({ min: 0, max: 60 }),
  dur: fc.integer({ min: 0, max: 30 }),
  healed: fc.boolean(),
});
const runPlan = fc.record({
  ops: fc.array(opPlan, { minLength: 0, maxLength: 60 }),
  steps: fc.array(stepPlan, { maxLength: 3 }),
  faultsAt: fc.option(fc.integer({ min: 0, max: 10 })),
  healAt: fc.option(fc.integer({ min: 50, max: 90 })),
});
type RunPlan = typeof runPlan extends fc.Arbitrary<infer T> ? T : never;

function build(plan: RunPlan) {
  const specs: OpSpec[] = plan.ops.map((o) => {
    const router = o.p.startsWith('router');
    return {
      p: o.p,
      f: 'write',
      key: o.p.startsWith('probe') ? 'probe:us' : 'k0',
      at: o.at,
      done: o.at + o.dur,
      outcome: o.outcome as OpSpec['outcome'],
      via: router ? 'router' : 'direct',
      ...(router && { region: o.outcome === 'ok' ? o.answer : 'router' }),
    };
  });
  const history = ops(...specs);
  const events: RunEvent[] = [];
  const refSteps: RefStep[] = plan.steps.map((s, i) => {
    const base = { id: `s${i + 1}`, fault: s.fault, regions: [s.region] };
    events.push({ time: s.start, type: 'fault-start', ...base });
    if (s.healed) events.push({ time: s.start + s.dur, type: 'fault-end', ...base });
    return { ...base, start: s.start, end: s.healed ? s.start + s.dur : Infinity };
  });
  if (plan.faultsAt !== null) events.push({ time: plan.faultsAt, type: 'phase', phase: 'faults' });
  if (plan.healAt !== null) events.push({ time: plan.healAt, type: 'phase', phase: 'heal' });
  events.sort((a, b) => a.time - b.time);
  // The timeline, as docs/checks.md states it.
  const start = plan.faultsAt ?? 0;
  const lastSeen = Math.max(
    -Infinity,
    ...history.map((o) => o.complete),
    ...plan.steps.flatMap((s) => (s.healed ? [s.start, s.start + s.dur] : [s.start])),
  );
  const end = Math.max(start, plan.healAt ?? lastSeen);
  return { history, events, phases: referencePhases(refSteps, start, end) };
}

/** The fast path as src/checks/all.ts wires it: phases from the events, then each check. */
const check = (plan: RunPlan) => {
  const { history, events } = build(plan);
  const steps = faultSteps(events);
  const last = history.reduce((t, o) => Math.max(t, o.complete), -Infinity);
  const phases = phasesOf(steps, timelineSpan(events, last));
  const regions = regionsOf(
    history,
    REGIONS,
    steps.flatMap((s) => s.regions),
  );
  return {
    availability: checkAvailability(history, phases),
    trafficDistribution: checkTrafficDistribution(history, phases, regions),
  };
};

it('random runs exercise overlaps, region faults, unknown answerers and skew', () => {
  let overlaps = 0;
  let regionFaultPhases = 0;
  let unknown = 0;
  let skewed = 0;
  for (const plan of fc.sample(runPlan, { numRuns: 500, seed: 7 })) {
    const { history, phases } = build(plan);
    const traffic = referenceTraffic(history, phases, REGIONS);
    overlaps += phases.filter((p) => p.inForce.length > 1).length;
    regionFaultPhases += traffic.filter((t) => Object.values(t.expected).includes(0)).length;
    unknown += traffic.reduce((n, t) => n + t.unknown, 0);
    skewed += traffic.filter((t) => (t.skew ?? 0) > 0).length;
  }
  for (const n of [overlaps, regionFaultPhases, unknown, skewed]) expect(n).toBeGreaterThan(20);
}, 60_000);

describe('per-entry figures agree with the brute-force references', () => {
  it('availability per entry, overall and per phase', () => {
    fc.assert(
      fc.property(runPlan, (plan) => {
        const { history, phases } = build(plan);
        expect(check(plan).availability).toEqual(referenceAvailability(history, phases));
      }),
      { numRuns: 500 },
    );
  }, 60_000);

  it('traffic distribution per phase, and its largest skew', () => {
    fc.assert(
      fc.property(runPlan, (plan) => {
        const { history, phases } = build(plan);
        const fast = check(plan).trafficDistribution;
        const ref = referenceTraffic(history, phases, REGIONS);
        const spans = phases.map((p) => ({ startMs: p.startMs, endMs: p.endMs }));
        expect(fast.byPhase).toEqual(ref.map((p, i) => ({ ...p, ...spans[i] })));
        const skews = ref.flatMap((p) => (p.skew === null ? [] : [p.skew]));
        expect(fast.skew).toBe(skews.length === 0 ? null : Math.max(...skews));
      }),
      { numRuns: 500 },
    );
  }, 60_000);
});
