import { describe, expect, it } from 'vitest';
import { duration, durationMs, formatMs } from './duration.js';

describe('durations', () => {
  it.each([
    ['500ms', 500],
    ['10s', 10_000],
    ['1.5s', 1500],
    ['2m', 120_000],
    ['1h', 3_600_000],
    [3, 3000],
    [0.25, 250],
  ] as const)('%s = %d ms', (text, ms) => {
    expect(duration('d').safeParse(text).success).toBe(true);
    expect(durationMs(text)).toBe(ms);
  });

  it.each(['10', '10 s', '-5s', 's', '1d', -1])('rejects %s', (text) => {
    expect(duration('d').safeParse(text).success).toBe(false);
  });

  it.each(['24.5h', '1441m', '99999999999999999999h', 86_401, 1e30])(
    'rejects %s, past the 24h limit',
    (value) => {
      expect(duration('d').safeParse(value).success).toBe(false);
      expect(duration('d').safeParse('24h').success).toBe(true);
    },
  );

  it('takes a tighter limit per field', () => {
    expect(duration('d', 60_000).safeParse('60s').success).toBe(true);
    expect(duration('d', 60_000).safeParse('61s').success).toBe(false);
    expect(duration('d', 60_000).safeParse(61).success).toBe(false);
  });

  it.each([
    [250, '250ms'],
    [1000, '1s'],
    [1500, '1500ms'],
    [90_000, '90s'],
    [120_000, '2m'],
    [7_200_000, '2h'],
  ])('formats %d ms as %s', (ms, text) => expect(formatMs(ms)).toBe(text));
});
