import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Report } from '../model.js';
import { gateQuantile, repeatSeeds, summarizeRepeats } from './summary.js';

const report = (pass: boolean, failoverMs = 1000): Report =>
  ({
    verdict: pass ? 'pass' : 'fail',
    slos: [{ name: 'failover_time', target: '< 5s', measured: failoverMs, pass }],
    checks: {
      failover: [{ step: 's1', region: 'eu', detectionMs: 0, failoverMs, errors: 0 }],
    },
  }) as unknown as Report;

describe('repeated runs', () => {
  it('derive their seeds from the base seed, one apart', () => {
    expect(repeatSeeds(7, 3)).toEqual([7, 8, 9]);
    expect(repeatSeeds(2 ** 31 - 1, 2)).toEqual([2 ** 31 - 1, 0]);
  });

  it('read --gate as a quantile', () => {
    expect(gateQuantile(true)).toBe(0.9);
    expect(gateQuantile('p75')).toBe(0.75);
    expect(gateQuantile('0.8')).toBe(0.8);
    expect(gateQuantile(undefined)).toBeNull();
    expect(gateQuantile('ninety')).toBeNaN();
  });

  it('without a gate, fail when any run failed; with p80, pass 4 of 5', () => {
    const reports = [true, true, false, true, true].map((p) => report(p));
    expect(summarizeRepeats(reports, repeatSeeds(1, 5), null).verdict).toBe('fail');
    const gated = summarizeRepeats(reports, repeatSeeds(1, 5), 0.8);
    expect(gated.slos[0]).toMatchObject({ passed: 4, runs: 5, passRate: 0.8, gatePass: true });
    expect(gated.verdict).toBe('pass');
    expect(summarizeRepeats(reports, repeatSeeds(1, 5), 0.9).verdict).toBe('fail');
  });

  it("give each figure's distribution (nearest rank)", () => {
    const reports = [3000, 1000, 2000, 5000, 4000].map((ms) => report(true, ms));
    expect(summarizeRepeats(reports, repeatSeeds(1, 5), null).figures.failover_time).toEqual({
      median: 3000,
      p90: 5000,
      min: 1000,
      max: 5000,
    });
  });

  it('gate as the q-quantile of the measured values, judged against the target, would', () => {
    // Brute force: sort the measured values, take the nearest-rank q-quantile, compare.
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 1, max: 100 }),
        (measured, bound, percent) => {
          const q = percent / 100;
          const sorted = [...measured].sort((a, b) => a - b);
          const quantile = sorted[Math.ceil(q * sorted.length) - 1]!;
          const reports = measured.map((m) => report(m < bound, m));
          const gated = summarizeRepeats(reports, repeatSeeds(0, reports.length), q);
          expect(gated.slos[0]!.gatePass).toBe(quantile < bound);
        },
      ),
    );
  });
});
