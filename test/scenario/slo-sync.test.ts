// The scenario validator and the SLO evaluator (src/slo) must agree on names and on what every
// target means, or a scenario that validates could be judged against a different bound. Both
// read targets through src/scenario/slo-target.ts; this keeps it so.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveTarget, SLO_NAMES, SLOS, type SloName } from '../../src/scenario/index.js';
import { SLOS as EVALUATED } from '../../src/slo/catalog.js';
import { parseTarget } from '../../src/slo/target.js';

const UNITS = {
  count: ['', '%', 's'],
  ratio: ['', '%', ' per 10k'],
  time: ['', 'ms', 's', 'm', 'min'],
  boolean: ['', 's'],
} as const;

describe('SLOs shared with src/slo', () => {
  it('knows exactly the names the evaluator measures', () => {
    expect([...SLO_NAMES].sort()).toEqual(Object.keys(EVALUATED).sort());
  });

  it('reads every accepted target as the evaluator does, and refuses the same ones', () => {
    let refusals = 0;
    const target = fc
      .record({
        name: fc.constantFrom(...SLO_NAMES),
        op: fc.constantFrom('', '<', '<=', '>', '>=', '==', '='),
        value: fc.double({ min: 0, max: 1e6, noNaN: true }).map((v) => Math.round(v * 1000) / 1000),
        unitIndex: fc.nat(4),
        asNumber: fc.boolean(),
      })
      .map(({ name, op, value, unitIndex, asNumber }) => {
        const units: readonly string[] = UNITS[SLOS[name as SloName].unit];
        const unit = units[unitIndex % units.length]!;
        const raw = asNumber && op === '' && unit === '' ? value : `${op} ${value}${unit}`;
        return { name: name as SloName, raw };
      });
    fc.assert(
      fc.property(target, ({ name, raw }) => {
        let mine;
        try {
          mine = resolveTarget(name, raw);
        } catch (err) {
          // Refused by the validator: refused by the evaluator too, for the same reason.
          expect(() => parseTarget(name, raw)).toThrow((err as Error).message);
          refusals += 1;
          return;
        }
        const theirs = parseTarget(name, raw);
        expect(theirs.comparison).toBe(mine.op);
        expect(theirs.bound).toBeCloseTo(mine.threshold, 9);
      }),
      { numRuns: 300 },
    );
    expect(refusals).toBeGreaterThan(0);
  });
});

describe('rates and times carry their unit (issue 11 item 8)', () => {
  const rates = SLO_NAMES.filter((n) => SLOS[n].unit === 'ratio');
  const times = SLO_NAMES.filter((n) => SLOS[n].unit === 'time');

  it('refuses a rate or time written as a bare non-zero number, in both parsers', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...rates, ...times),
        fc.constantFrom('', '< ', '>= ', '<= '),
        fc.double({ min: 0.0001, max: 1e4, noNaN: true }),
        fc.boolean(),
        (name, op, value, asNumber) => {
          const raw = asNumber && op === '' ? value : `${op}${value}`;
          expect(() => resolveTarget(name, raw)).toThrow(/did you mean/);
          expect(() => parseTarget(name, raw)).toThrow(/did you mean/);
        },
      ),
    );
  });

  it('reads % and per 10k as the same fraction', () => {
    fc.assert(
      fc.property(fc.constantFrom(...rates), fc.integer({ min: 0, max: 10_000 }), (name, n) => {
        const percent = resolveTarget(name, `>= ${n / 100}%`).threshold;
        expect(resolveTarget(name, `>= ${n} per 10k`).threshold).toBeCloseTo(percent, 12);
      }),
    );
  });
});
