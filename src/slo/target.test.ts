import { describe, expect, it } from 'vitest';
import { meets, parseTarget } from './target.js';

describe('SLO targets', () => {
  it.each([
    ['lost_writes', 0, '<=', 0],
    ['stale_read_rate', '< 0.1%', '<', 0.001],
    ['stale_read_rate', '< 10 per 10k', '<', 0.001],
    ['stale_read_rate', '<= 3 PER 10K', '<=', 0.0003],
    ['stale_read_rate', 0, '<=', 0],
    ['failover_time', '< 30s', '<', 30_000],
    ['availability', '>= 99%', '>=', 0.99],
    ['latency_p99', '<= 250ms', '<=', 250],
    ['convergence_time', '< 2m', '<', 120_000],
    ['divergence', '== 0', '==', 0],
    ['lost_writes', '5', '<=', 5],
  ])('%s %s parses to %s %d', (name, raw, comparison, bound) => {
    const t = parseTarget(name, raw);
    expect(t.comparison).toBe(comparison);
    expect(t.bound).toBeCloseTo(bound, 12);
    expect(t.text).toBe(String(raw));
  });

  it('rejects what is not a target, naming the SLO and the value', () => {
    expect(() => parseTarget('availability', 'high')).toThrow(/SLO "availability"/);
    expect(() => parseTarget('availability', 'high')).toThrow(/"high"/);
    expect(() => parseTarget('availability', '> 99 percent')).toThrow(/expected a number/);
  });

  // Issue 11 item 8: bare numbers were read as fractions, so '>= 99' always failed and '< 1'
  // could never fail.
  it.each([
    ['availability', '>= 99', "did you mean '>= 99%'?"],
    ['availability', 0.5, "did you mean '>= 50%' (0.5 as a fraction)?"],
    ['stale_read_rate', '< 1', "did you mean '< 1%'?"],
    ['stale_read_rate', '< 0.001', "did you mean '< 0.1%' (0.001 as a fraction)?"],
    ['failover_time', 30, "did you mean '<= 30s' or '<= 30ms'?"],
    ['replication_lag_p95', '< 500', "did you mean '< 500s' or '< 500ms'?"],
  ])('refuses %s %s without a unit: %s', (name, raw, fix) => {
    expect(() => parseTarget(name, raw)).toThrow(fix);
  });

  it('compares measured values; "never" and unknown never meet a target', () => {
    expect(meets(parseTarget('stale_read_rate', '< 0.1%'), 0.0004)).toBe(true);
    expect(meets(parseTarget('stale_read_rate', '< 0.1%'), 0.001)).toBe(false);
    expect(meets(parseTarget('availability', '>= 99%'), 0.99)).toBe(true);
    expect(meets(parseTarget('availability', '>= 99%'), 0.9899)).toBe(false);
    expect(meets(parseTarget('lost_writes', 0), 0)).toBe(true);
    expect(meets(parseTarget('lost_writes', 0), 1)).toBe(false);
    expect(meets(parseTarget('failover_time', '< 30s'), 'never')).toBe(false);
  });
});
