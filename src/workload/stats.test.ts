import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_DUE_PER_TICK, OpenLoopScheduler } from './scheduler.js';
import { StatsBook } from './stats.js';

describe('StatsBook', () => {
  it('counts outcomes, drops and ops in flight per group, and the rate over the last second', () => {
    let now = 0;
    const stats = new StatsBook(() => now);
    for (let i = 0; i < 90; i += 1) {
      now = i * 10; // 90 completions over 900 ms: 100 ops/s
      stats.issued('us');
      stats.completed('us', i % 3 === 0 ? 'info' : 'ok');
    }
    stats.issued('us');
    stats.dropped('eu');
    now = 900; // the window is the nine full 100 ms buckets before now: [0, 900)
    expect(stats.snapshot().us).toMatchObject({ ok: 60, info: 30, fail: 0, inFlight: 1 });
    expect(stats.snapshot().us!.opsPerSec).toBeCloseTo(100, 5);
    expect(stats.snapshot().eu!.dropped).toBe(1);
    now = 5000;
    expect(stats.snapshot().us!.opsPerSec).toBe(0);
  });
});

describe('OpenLoopScheduler', () => {
  afterEach(() => vi.useRealTimers());

  it('makes ops due at the target rate, whatever the caller does with them', () => {
    vi.useFakeTimers();
    let now = 0;
    let due = 0;
    const scheduler = new OpenLoopScheduler(
      2000,
      () => now,
      () => (due += 1),
    );
    scheduler.start();
    for (let ms = 1; ms <= 500; ms += 1) {
      now = ms;
      vi.advanceTimersByTime(1);
    }
    expect(due).toBe(1000);
    now = 600; // an event-loop stall: the missed ops fall due at once, none is skipped
    vi.advanceTimersByTime(1);
    expect(due).toBe(1200);
    scheduler.stop();
    now = 1000;
    vi.advanceTimersByTime(10);
    expect(due).toBe(1200);
  });

  it('hands out at most MAX_DUE_PER_TICK ops per tick, so a stall never blocks the event loop', () => {
    vi.useFakeTimers();
    let now = 0;
    let due = 0;
    const scheduler = new OpenLoopScheduler(
      20_000,
      () => now,
      () => (due += 1),
    );
    scheduler.start();
    now = 60_000; // a minute-long stall: 1.2 million ops fell due
    vi.advanceTimersByTime(1);
    expect(due).toBe(MAX_DUE_PER_TICK);
    vi.advanceTimersByTime(2);
    expect(due).toBe(3 * MAX_DUE_PER_TICK);
    scheduler.stop();
  });
});
