// Property tests: on random histories the fast checks and the brute-force reference agree.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDivergence, checkLostWrites } from '../../src/checks/final.js';
import { faultSteps } from '../../src/checks/faults.js';
import { checkFinalImpossible } from '../../src/checks/final-impossible.js';
import { checkImpossibleReads } from '../../src/checks/impossible.js';
import { checkMonotonicReads } from '../../src/checks/monotonic.js';
import { indexRegisters } from '../../src/checks/registers.js';
import { checkSplitBrain } from '../../src/checks/splitbrain.js';
import { checkStaleReads } from '../../src/checks/stale.js';
import { percentile, roundMs, sortNumbers } from '../../src/checks/stats.js';
import type { Op } from '../../src/history/ops.js';
import type { FinalState } from '../../src/model.js';
import { finalOf, ops, partition, type OpSpec } from './helpers.js';
import { Reference } from './reference.js';

const PROCESSES = ['us-0', 'us-1', 'eu-0'];
const KEYS = ['k0', 'k1', 'probe:us'];

const step = fc.record({
  f: fc.constantFrom('read', 'read', 'write', 'cas'),
  key: fc.constantFrom(...KEYS),
  gap: fc.integer({ min: 0, max: 2 }),
  dur: fc.integer({ min: 0, max: 3 }),
  outcome: fc.constantFrom('ok', 'ok', 'ok', 'fail', 'info'),
  pick: fc.integer({ min: 0, max: 3 }),
  wild: fc.integer({ min: 0, max: 9 }),
});
const plan = fc.record({
  steps: fc.array(fc.tuple(fc.constantFrom(...PROCESSES), step), { minLength: 10, maxLength: 60 }),
  finalPicks: fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 4, maxLength: 4 }),
  agree: fc.boolean(),
  window: fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 })),
});

type Plan = typeof plan extends fc.Arbitrary<infer T> ? T : never;

/** Turns a random plan into a well-formed history: one op in flight per process, unique values. */
function build(p: Plan): { history: Op[]; final: FinalState } {
  const clock = new Map<string, number>();
  const specs: OpSpec[] = [];
  const written = new Map<string, string[]>(KEYS.map((k) => [k, []]));
  p.steps.forEach(([proc, s], i) => {
    // Plan order roughly follows time (i), with overlap between processes.
    const at = Math.max(clock.get(proc) ?? 0, i) + s.gap;
    clock.set(proc, at + s.dur);
    const spec: OpSpec = {
      p: proc,
      f: s.f,
      key: s.key,
      at,
      done: at + s.dur,
      outcome: s.outcome as OpSpec['outcome'],
    };
    // Now and then a write the entry forwarded: the other region applied it.
    if (s.f !== 'read' && s.wild === 1) spec.appliedBy = proc.startsWith('us') ? 'eu' : 'us';
    if (s.f !== 'read') {
      const v = `${proc}:${i}`;
      written.get(s.key)!.push(v);
      spec.value = s.f === 'cas' ? { from: null, to: v } : v;
    }
    specs.push(spec);
  });
  const choose = (key: string, pick: number) => {
    const vs = written.get(key)!;
    const options = [null, null, 'garbage', ...vs.slice(-3)];
    return options[pick % options.length] ?? null;
  };
  // Reads mostly return one of the last values written so far in plan order (recent, older,
  // or null), sometimes garbage or a value written later: every anomaly is reachable.
  const soFar = new Map<string, string[]>(KEYS.map((k) => [k, []]));
  p.steps.forEach(([, s], i) => {
    const spec = specs[i]!;
    if (s.f !== 'read')
      soFar
        .get(s.key)!
        .push(String(s.f === 'cas' ? (spec.value as { to: string }).to : spec.value));
    else if (s.outcome !== 'ok') spec.value = null;
    else if (s.wild === 0) spec.value = choose(s.key, s.pick + i);
    else spec.value = [null, ...soFar.get(s.key)!.slice(-3)][s.pick] ?? null;
  });
  // Some final values are lists of siblings (mv), each one a value of its own.
  const settled = (k: string, pick: number) =>
    pick % 7 === 6 ? [choose(k, pick), choose(k, Math.floor(pick / 7))] : choose(k, pick);
  const region = (offset: number) =>
    Object.fromEntries(KEYS.map((k, j) => [k, settled(k, p.finalPicks[(j + offset) % 4]!)]));
  const us = region(0);
  return { history: ops(...specs), final: finalOf({ us, eu: p.agree ? { ...us } : region(1) }) };
}

const runs = { numRuns: 1000 };

it('random histories exercise every anomaly (so agreement is not vacuous)', () => {
  const totals = {
    stale: 0,
    ryw: 0,
    mono: 0,
    lost: 0,
    garbage: 0,
    aborted: 0,
    future: 0,
    finalGarbage: 0,
    finalAborted: 0,
    finalSiblings: 0,
  };
  // Rarer: a pair in the window, regions agreeing, and one side's write after the kept one.
  let newerWriteLost = 0;
  for (const p of fc.sample(plan, { numRuns: 1000, seed: 42 })) {
    const ref = new Reference(build(p).history);
    totals.stale += ref.staleness().length;
    totals.ryw += ref.readYourWrites();
    totals.mono += ref.monotonic();
    totals.lost += ref.lost(build(p).final).count;
    const imp = ref.impossible();
    totals.garbage += imp.garbage;
    totals.aborted += imp.aborted;
    totals.future += imp.future;
    const fin = ref.finalImpossible(build(p).final);
    totals.finalGarbage += fin.garbage;
    totals.finalAborted += fin.aborted;
    const values = Object.values(build(p).final.regions).flatMap((kv) => Object.values(kv));
    totals.finalSiblings += values.filter(Array.isArray).length;
    const [start, end] = [Math.min(...p.window), Math.max(...p.window)];
    newerWriteLost += ref.newerWriteLost(start, end, ['us'], ['eu'], build(p).final).length;
  }
  for (const [name, n] of Object.entries(totals)) expect(n, name).toBeGreaterThan(20);
  expect(newerWriteLost, 'newer write lost').toBeGreaterThan(10);
});

describe('fast checks agree with the brute-force reference', () => {
  it('stale reads, staleness, read-your-writes', () => {
    fc.assert(
      fc.property(plan, (p) => {
        const { history } = build(p);
        const ref = new Reference(history);
        const { staleReads, readYourWrites } = checkStaleReads(indexRegisters(history));
        const staleness = sortNumbers(ref.staleness());
        expect(staleReads.count).toBe(staleness.length);
        expect(staleReads.stalenessMs.max).toBe(roundMs(percentile(staleness, 100)));
        expect(staleReads.stalenessMs.p50).toBe(roundMs(percentile(staleness, 50)));
        expect(staleReads.reads).toBe(ref.okReads().length);
        expect(readYourWrites.count).toBe(ref.readYourWrites());
      }),
      runs,
    );
  });

  it('monotonic reads and impossible reads', () => {
    fc.assert(
      fc.property(plan, (p) => {
        const { history } = build(p);
        const ref = new Reference(history);
        const keys = indexRegisters(history);
        expect(checkMonotonicReads(keys).count).toBe(ref.monotonic());
        const { garbage, aborted, future } = checkImpossibleReads(keys);
        expect({ garbage, aborted, future }).toEqual(ref.impossible());
      }),
      runs,
    );
  });

  it('lost writes and divergence', () => {
    fc.assert(
      fc.property(plan, (p) => {
        const { history, final } = build(p);
        const { count, keys } = checkLostWrites(indexRegisters(history), final);
        expect({ count, keys }).toEqual(new Reference(history).lost(final));
        const { us = {}, eu = {} } = final.regions;
        const differ = KEYS.filter(
          (k) => !k.startsWith('probe:') && JSON.stringify(us[k]) !== JSON.stringify(eu[k]),
        );
        expect(checkDivergence(final).keys).toEqual(differ.sort());
      }),
      runs,
    );
  });

  it('impossible final values, siblings judged one by one', () => {
    fc.assert(
      fc.property(plan, (p) => {
        const { history, final } = build(p);
        const { count, keys, garbage, aborted } = checkFinalImpossible(
          indexRegisters(history),
          final,
        );
        const ref = new Reference(history).finalImpossible(final);
        expect({ garbage, aborted, keys }).toEqual(ref);
        expect(count).toBe(ref.garbage + ref.aborted);
      }),
      runs,
    );
  });

  it('split-brain pairs (window boundaries inclusive) and the keys where the newer write lost', () => {
    fc.assert(
      fc.property(plan, (p) => {
        const { history, final } = build(p);
        const [start, end] = [Math.min(...p.window), Math.max(...p.window)];
        const steps = faultSteps(partition('s1', start, end));
        const fast = checkSplitBrain(indexRegisters(history), steps, final);
        const reference = new Reference(history);
        expect(fast.pairs).toBe(reference.splitBrainPairs(start, end, ['us'], ['eu']));
        const named = Object.entries(fast.resolution ?? {})
          .filter(([, how]) => how.includes('newer write lost'))
          .map(([key]) => key)
          .sort();
        expect(named).toEqual(reference.newerWriteLost(start, end, ['us'], ['eu'], final));
      }),
      runs,
    );
  });
});
