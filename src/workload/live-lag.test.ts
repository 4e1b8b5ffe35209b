import { describe, expect, it } from 'vitest';
import { LiveLag } from './live-lag.js';

describe('LiveLag', () => {
  it('measures how long the newest marker took to show up in the other region', () => {
    const lag = new LiveLag();
    lag.writing('us', 'm1');
    lag.acknowledged('us', 'm1', 100);
    lag.read('us', 'eu', 'm1', 130);
    lag.read('us', 'eu', 'm1', 400); // seen again: still 30, not growing
    expect(lag.snapshot()).toEqual({ 'us→eu': 30 });
  });

  it('grows while the reader is stuck on an older marker or sees none', () => {
    const lag = new LiveLag();
    for (const [value, okTime] of [
      ['m1', 100],
      ['m2', 200],
    ] as const) {
      lag.writing('us', value);
      lag.acknowledged('us', value, okTime);
    }
    lag.read('us', 'eu', 'm1', 700);
    expect(lag.snapshot()['us→eu']).toBe(500);
    lag.read('eu', 'us', null, 0); // nothing written by eu yet: no estimate
    lag.read('us', 'eu', null, 900);
    expect(lag.snapshot()).toEqual({ 'us→eu': 800 });
  });

  it('counts a marker seen before its writer heard the acknowledgement as caught up', () => {
    const lag = new LiveLag();
    lag.writing('us', 'm1');
    lag.acknowledged('us', 'm1', 100);
    lag.writing('us', 'm2'); // in flight
    lag.read('us', 'eu', 'm2', 150);
    expect(lag.snapshot()).toEqual({ 'us→eu': 0 });
    lag.writing('us', 'm3'); // never acknowledged (info): not a write the reader is missing
    lag.read('us', 'eu', 'm2', 900);
    expect(lag.snapshot()).toEqual({ 'us→eu': 0 });
  });
});
