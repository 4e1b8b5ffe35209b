import { describe, expect, it } from 'vitest';
import { LiveLag } from './live-lag.js';

describe('LiveLag', () => {
  it('measures how long the newest marker took to show up in the other region', () => {
    const lag = new LiveLag();
    lag.written('us', 'm1', 100);
    lag.read('us', 'eu', 'm1', 130);
    lag.read('us', 'eu', 'm1', 400); // seen again: still 30, not growing
    expect(lag.snapshot()).toEqual({ 'us→eu': 30 });
  });

  it('grows while the reader is stuck on an older marker or sees none', () => {
    const lag = new LiveLag();
    lag.written('us', 'm1', 100);
    lag.written('us', 'm2', 200);
    lag.read('us', 'eu', 'm1', 700);
    expect(lag.snapshot()['us→eu']).toBe(500);
    lag.read('eu', 'us', null, 0); // nothing written by eu yet: no estimate
    lag.read('us', 'eu', null, 900);
    expect(lag.snapshot()).toEqual({ 'us→eu': 800 });
  });
});
