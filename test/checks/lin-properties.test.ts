// The linearizability search agrees with brute force (./lin-reference.ts) on random small
// histories of one key: half of them replayed from a real sequential execution (so they are
// linearizable by construction), half with one read or cas outcome changed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLinearizability } from '../../src/checks/linearizable/index.js';
import type { Op } from '../../src/history/ops.js';
import { bruteForceLinearizable } from './lin-reference.js';

const VALUES = ['a', 'b', 'c'];

interface Plan {
  f: 'read' | 'write' | 'cas';
  value: string;
  from: string | null;
  at: number;
  length: number;
  /** Where in [at, at + length] the op takes effect, as a fraction. */
  point: number;
  outcome: 'ok' | 'fail' | 'info';
  /** An info write/cas that never took effect. */
  never: boolean;
}

const plan: fc.Arbitrary<Plan> = fc.record({
  f: fc.constantFrom('read', 'write', 'cas'),
  value: fc.constantFrom(...VALUES),
  from: fc.constantFrom(null, ...VALUES),
  at: fc.integer({ min: 0, max: 20 }),
  length: fc.integer({ min: 0, max: 8 }),
  point: fc.double({ min: 0, max: 1, noNaN: true }),
  outcome: fc.constantFrom('ok', 'ok', 'ok', 'fail', 'info'),
  never: fc.boolean(),
});

/** Executes the plans in order of their effect points, recording what each op saw. */
function execute(plans: Plan[]): Op[] {
  const byPoint = plans
    .map((p, i) => ({ p, i, t: p.at + p.point * p.length }))
    .sort((x, y) => x.t - y.t || x.i - y.i);
  let state: string | null = null;
  const ops: Op[] = [];
  for (const { p, i } of byPoint) {
    const takesEffect = p.outcome === 'ok' || (p.outcome === 'info' && !p.never);
    let value: unknown = p.value;
    let outcome = p.outcome;
    if (p.f === 'read') value = outcome === 'ok' ? state : null;
    if (p.f === 'write' && takesEffect) state = p.value;
    if (p.f === 'cas') {
      const applies = state === p.from;
      value = { from: p.from, to: p.value };
      if (p.outcome === 'ok' && !applies) value = { from: p.from, to: p.value, applied: false };
      if (p.outcome === 'ok' && !applies) outcome = 'fail';
      if (takesEffect && applies) state = p.value;
    }
    const complete = p.at + p.length;
    ops[i] = op(`p${i}`, p.f, value, outcome, p.at, complete);
  }
  return ops;
}

function op(
  process: string,
  f: string,
  value: unknown,
  outcome: Op['outcome'],
  invoke: number,
  complete: number,
): Op {
  return {
    process,
    session: `${process}#0`,
    region: 'us',
    acked: 'us',
    via: 'direct',
    f,
    key: 'k',
    value,
    outcome,
    invoke,
    complete,
    ok: outcome === 'ok' ? complete : Infinity,
  };
}

/** Changes one op's observation: a read's value, or a cas between applied and refused. */
function mutate(ops: Op[], which: number, to: string | null): Op[] {
  const i = which % ops.length;
  const o = ops[i]!;
  const copy = ops.slice();
  if (o.f === 'read' && o.outcome === 'ok') copy[i] = { ...o, value: to };
  else if (o.f === 'cas' && o.outcome !== 'info') {
    const v = o.value as { from: unknown; to: unknown; applied?: boolean };
    copy[i] =
      v.applied === false
        ? { ...o, outcome: 'ok', ok: o.complete, value: { from: v.from, to: v.to } }
        : { ...o, outcome: 'fail', ok: Infinity, value: { ...v, applied: false } };
  }
  return copy;
}

const linearizable = (ops: Op[]) => {
  const r = checkLinearizability(ops, { runMs: 60_000, keyMs: 60_000 });
  expect(r.unknown).toEqual([]);
  return r.illegal.length === 0;
};

describe('linearizability search vs brute force (≤ 8 ops on a key)', () => {
  it('agrees on random histories, both verdicts occurring', () => {
    const seen = { legal: 0, illegal: 0 };
    fc.assert(
      fc.property(
        fc.array(plan, { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        fc.nat(),
        fc.constantFrom(null, ...VALUES),
        (plans, corrupt, which, to) => {
          const executed = execute(plans);
          const ops = corrupt ? mutate(executed, which, to) : executed;
          const expected = bruteForceLinearizable(ops);
          if (!corrupt) expect(expected).toBe(true);
          expect(linearizable(ops)).toBe(expected);
          seen[expected ? 'legal' : 'illegal']++;
        },
      ),
      { numRuns: 400 },
    );
    expect(seen.legal).toBeGreaterThan(50);
    expect(seen.illegal).toBeGreaterThan(20);
  });

  it('agrees on unrelated random observations (mostly illegal)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            f: fc.constantFrom('read', 'write', 'cas'),
            value: fc.constantFrom(null, ...VALUES),
            from: fc.constantFrom(null, ...VALUES),
            outcome: fc.constantFrom('ok', 'fail', 'info'),
            refused: fc.boolean(),
            at: fc.integer({ min: 0, max: 10 }),
            length: fc.integer({ min: 0, max: 6 }),
          }),
          { minLength: 1, maxLength: 7 },
        ),
        (specs) => {
          const ops = specs.map((s, i) => {
            const value =
              s.f === 'cas'
                ? { from: s.from, to: s.value ?? 'a', ...(s.refused && { applied: false }) }
                : s.value;
            return op(`p${i}`, s.f, value, s.outcome, s.at, s.at + s.length);
          });
          expect(linearizable(ops)).toBe(bruteForceLinearizable(ops));
        },
      ),
      { numRuns: 400 },
    );
  });
});
