// Issue 15: the per-key checks may run over contiguous groups of keys apart (on worker threads,
// src/checks/key-threads.ts) and be merged in group order. On random runs, any cuts into groups
// must give what one pass over every key gives: every result, deep and in JSON key order
// (evidence lists and their ties, staleReads.byRegion's region order, key lists, percentiles,
// split-brain steps, linearizability's keys and counterexamples). Partials are copied by
// structuredClone, as a message to or from a thread is.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProbeCoverage } from '../../src/checks/coverage.js';
import { faultSteps } from '../../src/checks/faults.js';
import { keyChecks, KeyPass, runKeyChecks, type KeyContext } from '../../src/checks/key-pass.js';
import { forEachKey } from '../../src/checks/keys.js';
import type { SpentTime } from '../../src/checks/linearizable/index.js';
import type { Op } from '../../src/history/ops.js';
import type { FinalState, Report, RunEvent } from '../../src/model.js';
import { finalOf, ops, partition, plannedValue, type OpSpec } from './helpers.js';

const PROCESSES = ['us-0', 'us-1', 'eu-0', 'eu-1'];
const KEYS = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'probe:us', 'probe:eu', 'acct'];
const NAMES: (keyof Report['checks'])[] = [
  'staleReads',
  'readYourWrites',
  'impossibleReads',
  'monotonicReads',
  'lostWrites',
  'splitBrainWrites',
  'finalImpossible',
  'conflictRate',
  'linearizability',
];

const opPlan = fc.record({
  p: fc.constantFrom(...PROCESSES),
  f: fc.constantFrom('read', 'read', 'write', 'write', 'cas', 'add', 'withdraw'),
  key: fc.nat({ max: KEYS.length - 2 }),
  // Few distinct times: offences at one time on several keys (evidence ties across groups).
  at: fc.nat({ max: 40 }),
  dur: fc.nat({ max: 6 }),
  outcome: fc.constantFrom('ok', 'ok', 'ok', 'fail', 'info'),
  pick: fc.nat({ max: 5 }),
  approved: fc.boolean(),
  eu: fc.boolean(),
});
const runPlan = fc.record({
  ops: fc.array(opPlan, { minLength: 40, maxLength: 150 }),
  cuts: fc.array(fc.tuple(fc.nat({ max: 30 }), fc.nat({ max: 20 })), {
    minLength: 1,
    maxLength: 3,
  }),
  final: fc.array(fc.nat({ max: 6 }), { minLength: 12, maxLength: 12 }),
  hasFinal: fc.boolean(),
  groups: fc.array(fc.nat({ max: 10 }), { maxLength: 6 }),
  fresh: fc.boolean(),
});
type RunPlan = typeof runPlan extends fc.Arbitrary<infer T> ? T : never;

function build(plan: RunPlan): { list: Op[]; events: RunEvent[]; final: FinalState | null } {
  const written = new Map<string, unknown[]>();
  const specs: OpSpec[] = plan.ops.map((o, i) => {
    const { key, origin, value } = plannedValue(o, i, KEYS, written);
    return {
      p: origin ? `probe-${o.p}` : o.p,
      f: o.f,
      key,
      value,
      at: o.at,
      done: o.at + o.dur,
      outcome: o.outcome as OpSpec['outcome'],
      // A third region now and then, so byRegion's order depends on which key met it first.
      ...(o.eu && o.p === 'eu-1' && { region: 'ap' }),
    };
  });
  const events: RunEvent[] = plan.cuts.flatMap(([start, len], i) =>
    partition(`s${i}`, start, start + len),
  );
  events.sort((a, b) => a.time - b.time);
  const pick = (key: string, n: number) =>
    [null, 'garbage', ...(written.get(key) ?? []).slice(-4)][n] ?? null;
  const region = (offset: number) =>
    Object.fromEntries(KEYS.slice(0, 6).map((k, j) => [k, pick(k, plan.final[j + offset]!)]));
  const final = plan.hasFinal ? finalOf({ us: region(0), eu: region(6) }) : null;
  return { list: ops(...specs), events, final };
}

/** Every per-key result (or its error), as JSON; the search's time is not a result. */
function resultsOf(pass: KeyPass): string {
  const out: Record<string, unknown> = {};
  for (const name of NAMES) {
    try {
      const r = pass.result(name) as Record<string, unknown> | undefined;
      out[name] = r && name === 'linearizability' ? { ...r, ms: 0 } : r;
    } catch (err) {
      out[name] = { error: (err as Error).message };
    }
  }
  return JSON.stringify(out);
}

/** A SpentTime shared by the groups' instances, as threads share one. */
function sharedSpent(): SpentTime {
  let total = 0;
  return { get: () => total, add: (ms) => (total += ms) };
}

/** The keys cut into contiguous groups at `cuts`, each group through its own pass, merged in
 * order: into an empty pass (as key-threads.ts does) or into the first group's. */
function grouped(ctx: KeyContext, list: Op[], cuts: number[], fresh: boolean): KeyPass {
  const keys: [string, Op[]][] = [];
  forEachKey(list, (key, keyOps) => keys.push([key, keyOps]));
  const at = [...new Set(cuts.map((c) => c % (keys.length + 1)))].sort((a, b) => a - b);
  const bounds = [0, ...at, keys.length];
  const spent = sharedSpent();
  const passes = bounds.slice(1).map((end, g) => {
    const pass = new KeyPass(keyChecks({ ...ctx, spent }));
    for (const [key, keyOps] of keys.slice(bounds[g], end)) pass.add(key, keyOps);
    return pass;
  });
  const into = fresh ? new KeyPass(keyChecks(ctx)) : passes.shift()!;
  for (const pass of passes) into.merge(structuredClone(pass.partial()));
  return into;
}

describe('per-key checks over groups of keys, merged in order', () => {
  it('random runs and random cuts: every result equals one pass over all keys', () => {
    const found = [0, 0, 0, 0, 0, 0];
    fc.assert(
      fc.property(runPlan, (plan) => {
        const { list, events, final } = build(plan);
        const coverage = new ProbeCoverage(list);
        const ctx: KeyContext = {
          final,
          storeCounters: null,
          steps: faultSteps(events),
          coverage: () => coverage,
          linearizability: { budget: { runMs: 60_000, keyMs: 10_000 } },
        };
        const one = resultsOf(runKeyChecks(list, keyChecks(ctx)));
        expect(resultsOf(grouped(ctx, list, plan.groups, plan.fresh))).toBe(one);
        const r = JSON.parse(one) as Report['checks'];
        [
          (r.staleReads.evidence?.length ?? 0) >= 5,
          Object.keys(r.staleReads.byRegion).length === 3,
          r.lostWrites.keys.length > 1,
          r.splitBrainWrites.keys.length > 1,
          (r.linearizability?.illegal.length ?? 0) > 1,
          r.conflictRate.conflicts > 0,
        ].forEach((seen, i) => (found[i]! += Number(seen)));
      }),
      { numRuns: 300, seed: 15, endOnFailure: true }, // a shrink compares large JSON: minutes
    );
    // The runs found full evidence lists, three regions, several lost and illegal keys, split
    // brain and conflicts: the merge of each was exercised, not vacuously equal.
    for (const n of found) expect(n).toBeGreaterThan(10);
  });

  it('a check that throws in a later group is unknown with that error, the others merge', () => {
    const list = ops(
      { p: 'us-0', key: 'a', value: 'a1', at: 1, done: 2 },
      { p: 'eu-0', key: 'b', value: 'b1', at: 1, done: 2 },
    );
    const ctx: KeyContext = {
      final: null,
      storeCounters: null,
      steps: [],
      coverage: () => new ProbeCoverage(list),
    };
    const boom = (): KeyPass => {
      const pass = new KeyPass(keyChecks(ctx));
      const checks = (pass as unknown as { running: { name: string; check: object }[] }).running;
      const stale = checks.find((c) => c.name === 'staleReads')!;
      stale.check = {
        ...stale.check,
        add: () => {
          throw new Error('boom on b');
        },
      };
      return pass;
    };
    const first = new KeyPass(keyChecks(ctx));
    first.add('a', [list[0]!]);
    const second = boom();
    second.add('b', [list[1]!]);
    first.merge(structuredClone(second.partial()));
    expect(() => first.result('staleReads')).toThrow('boom on b');
    expect(() => first.result('readYourWrites')).toThrow('boom on b');
    expect(first.result('monotonicReads')).toEqual({ count: 0, evidence: [] });
    expect((first.result('conflictRate') as { writes: number }).writes).toBe(2);
  });
});
