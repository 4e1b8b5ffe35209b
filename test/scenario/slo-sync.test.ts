// The scenario validator and the SLO evaluator (src/slo) must agree on names and on what every
// target means, or a scenario that validates could be judged against a different bound.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveTarget, SLO_NAMES, SLOS, type SloName } from '../../src/scenario/index.js';
import { SLOS as EVALUATED } from '../../src/slo/catalog.js';
import { parseTarget } from '../../src/slo/target.js';

const UNITS = { count: [''], ratio: ['', '%'], time: ['', 'ms', 's', 'm', 'min'] } as const;

describe('SLOs shared with src/slo', () => {
  it('knows exactly the names the evaluator measures', () => {
    expect([...SLO_NAMES].sort()).toEqual(Object.keys(EVALUATED).sort());
  });

  it('reads every accepted target as the evaluator does', () => {
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
          // The one deliberate refusal: a higher-is-better SLO without its comparison.
          expect((err as Error).message).toContain('needs a comparison');
          expect(SLOS[name].better).toBe('higher');
          return;
        }
        const theirs = parseTarget(name, raw);
        expect(theirs.comparison).toBe(mine.op);
        expect(theirs.bound).toBeCloseTo(mine.threshold, 9);
      }),
      { numRuns: 300 },
    );
  });
});
