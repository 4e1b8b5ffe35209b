// Impossible final values (DESIGN.md section 7), on hand-built histories and final states.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/checks/index.js';
import type { Op } from '../../src/history/ops.js';
import type { FinalState } from '../../src/model.js';
import { finalOf, historyOf, ops, r, w } from './helpers.js';

const list = ops(
  w('us-1', 'a', 0, 1),
  w('eu-1', 'b', 2, 3),
  w('eu-1', 'x', 4, 5, { outcome: 'fail' }),
  w('us-1', 'maybe', 6, 7, { outcome: 'info' }),
  r('us-2', null, 8, 9, { key: 'other' }),
);
const check = (history: Op[], final: FinalState, slo?: unknown) =>
  evaluate({ history: historyOf(history), final, ...(slo ? { slo } : {}) });

describe('impossible final values', () => {
  it('a value some write carried without failing is fine, info included', () => {
    for (const value of ['a', 'b', 'maybe']) {
      const report = check(list, finalOf({ us: { k: value }, eu: { k: value } }));
      expect(report.checks.finalImpossible).toMatchObject({ count: 0, keys: [] });
      expect(report.slos).toEqual([]);
    }
  });

  it('counts garbage and aborted values per (region, key)', () => {
    const final = finalOf({ us: { k: 'x', other: 'zz' }, eu: { k: 'x' } });
    const c = check(list, final).checks.finalImpossible;
    // k: a failed write's value in both regions (2); other: a value nobody wrote, in us (1).
    expect(c).toMatchObject({ count: 3, aborted: 2, garbage: 1, keys: ['k', 'other'] });
    expect(c.evidence?.[0]?.note).toMatch(/settled on/);
  });

  it('mv siblings are judged one by one: every sibling must be a carried value', () => {
    const judged = (siblings: unknown[]) =>
      check(list, finalOf({ us: { k: siblings }, eu: { k: siblings } })).checks.finalImpossible;
    expect(judged(['a', 'b'])).toMatchObject({ count: 0 });
    expect(judged(['a', 'nobody'])).toMatchObject({ count: 2, garbage: 2, aborted: 0 });
    expect(judged(['b', 'x'])).toMatchObject({ count: 2, garbage: 0, aborted: 2 });
    // Garbage wins over aborted when both are among the siblings.
    expect(judged(['x', 'nobody'])).toMatchObject({ count: 2, garbage: 2, aborted: 0 });
  });

  it('a written list is one value, not siblings', () => {
    const written = ops(w('us-1', ['p', 'q'], 0, 1));
    const final = finalOf({ us: { k: ['p', 'q'] }, eu: { k: ['p', 'q'] } });
    expect(check(written, final).checks.finalImpossible.count).toBe(0);
  });

  it('keys without register operations (accounts, counters, probes) are not judged', () => {
    const final = finalOf({
      us: { k: 'a', 'acct-1': 100, 'probe:us': 'probe:us:9' },
      eu: { k: 'a', 'acct-1': 100 },
    });
    expect(check(list, final).checks.finalImpossible.count).toBe(0);
  });

  it('fails the verdict even without an SLO naming it, like impossible reads', () => {
    const report = check(list, finalOf({ us: { k: 'nobody' }, eu: { k: 'nobody' } }), {
      divergence: 0,
    });
    expect(report.verdict).toBe('fail');
    expect(report.slos).toEqual([
      expect.objectContaining({ name: 'divergence', pass: true }),
      expect.objectContaining({ name: 'final_impossible', measured: 2, pass: false }),
    ]);
  });

  it('an SLO may name it, and no final.json means it cannot be measured', () => {
    const report = check(list, finalOf({ us: { k: 'a' }, eu: { k: 'a' } }), {
      final_impossible: 0,
    });
    expect(report.slos).toEqual([
      expect.objectContaining({ name: 'final_impossible', measured: 0, pass: true }),
    ]);
    expect(() =>
      evaluate({ history: historyOf(list), final: null, slo: { final_impossible: 0 } }),
    ).toThrow(/no final.json/);
  });
});
