import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closest, editDistance } from './suggest.js';

describe('editDistance', () => {
  it.each([
    ['fault', 'fault', 0],
    ['fualt', 'fault', 0.75],
    ['jiter', 'jitter', 1],
    ['kvstor', 'kvstore', 1],
    ['abc', 'xyz', 3],
    ['', 'abc', 3],
  ])('%s -> %s = %d', (a, b, d) => expect(editDistance(a, b)).toBe(d));

  it('is symmetric and zero only for equal strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), (a, b) => {
        expect(editDistance(a, b)).toBe(editDistance(b, a));
        expect(editDistance(a, b) === 0).toBe(a === b);
      }),
    );
  });
});

describe('closest', () => {
  const faults = ['partition', 'latency', 'kill-region', 'pause-region'];
  it.each([
    ['partiton', faults, 'partition'],
    ['latncy', faults, 'latency'],
    ['kill_region', faults, 'kill-region'],
    ['ue', ['us', 'eu'], 'eu'],
    ['STALE_READ_RATE', ['stale_read_rate'], 'stale_read_rate'],
    ['failover', ['failover_time', 'availability'], 'failover_time'],
  ])('%s -> %s', (name, candidates, expected) => expect(closest(name, candidates)).toBe(expected));

  it.each([
    ['banana', faults],
    ['xy', ['us', 'eu']],
    ['fa', ['failover_time']],
  ])('no guess for %s', (name, candidates) => expect(closest(name, candidates)).toBeUndefined());
});
