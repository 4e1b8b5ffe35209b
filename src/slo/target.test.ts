import { describe, expect, it } from 'vitest';
import { meets, parseTarget } from './target.js';

describe('SLO targets', () => {
  it.each([
    [0, '<=', 0],
    ['< 0.1%', '<', 0.001],
    ['< 30s', '<', 30_000],
    ['>= 99%', '>=', 0.99],
    ['<= 250ms', '<=', 250],
    ['< 2m', '<', 120_000],
    ['== 0', '==', 0],
    ['5', '<=', 5],
  ])('%s parses to %s %d', (raw, comparison, bound) => {
    const t = parseTarget('x', raw);
    expect(t.comparison).toBe(comparison);
    expect(t.bound).toBeCloseTo(bound, 12);
    expect(t.text).toBe(String(raw));
  });

  it('rejects what is not a target, naming the SLO and the value', () => {
    expect(() => parseTarget('availability', 'high')).toThrow(
      /SLO "availability" has target "high"/,
    );
    expect(() => parseTarget('availability', '> 99 percent')).toThrow(/not a target/);
  });

  it('compares measured values; "never" and unknown never meet a target', () => {
    expect(meets(parseTarget('x', '< 0.1%'), 0.0004)).toBe(true);
    expect(meets(parseTarget('x', '< 0.1%'), 0.001)).toBe(false);
    expect(meets(parseTarget('x', '>= 99%'), 0.99)).toBe(true);
    expect(meets(parseTarget('x', '>= 99%'), 0.9899)).toBe(false);
    expect(meets(parseTarget('x', 0), 0)).toBe(true);
    expect(meets(parseTarget('x', 0), 1)).toBe(false);
    expect(meets(parseTarget('x', '< 30s'), 'never')).toBe(false);
  });
});
