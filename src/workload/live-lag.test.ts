import { describe, expect, it } from 'vitest';
import { LiveLag } from './live-lag.js';

describe('LiveLag', () => {
  it('is 0 while the reader has the newest acknowledged write', () => {
    const lag = new LiveLag();
    lag.acknowledged('us', 1, 100);
    lag.read('us', 'eu', 'probe:us:1', 130);
    lag.read('us', 'eu', 'probe:us:1', 400);
    expect(lag.snapshot()).toEqual({ 'us→eu': 0 });
  });

  it('grows from the ack of the first write the reader is missing, through overwrites', () => {
    const lag = new LiveLag();
    for (let seq = 1; seq <= 5; seq++) lag.acknowledged('us', seq, seq * 100);
    // eu is stuck on 1 while 2..5 were written: missing since write 2's ack.
    lag.read('us', 'eu', 'probe:us:1', 700);
    expect(lag.snapshot()['us→eu']).toBe(500);
    lag.read('us', 'eu', 'probe:us:1', 2200);
    expect(lag.snapshot()['us→eu']).toBe(2000);
    lag.read('us', 'eu', null, 2300); // nothing replicated at all: missing since write 1
    expect(lag.snapshot()['us→eu']).toBe(2200);
    lag.read('us', 'eu', 'probe:us:5', 2400); // caught up: falls to 0
    expect(lag.snapshot()['us→eu']).toBe(0);
  });

  it('counts only writes acknowledged before the read', () => {
    const lag = new LiveLag();
    lag.acknowledged('us', 1, 100);
    lag.acknowledged('us', 2, 900);
    lag.read('us', 'eu', 'probe:us:1', 500);
    expect(lag.snapshot()).toEqual({ 'us→eu': 0 });
    lag.read('eu', 'us', null, 10); // nothing written by eu yet
    expect(lag.snapshot()).toEqual({ 'us→eu': 0, 'eu→us': 0 });
  });
});
