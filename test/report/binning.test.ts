import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../src/model.js';
import { binHistory, HistoryBinner, percentile } from '../../src/report/html/binning.js';

const op = (
  time: number,
  type: HistoryEvent['type'],
  process: string,
  region: string,
): HistoryEvent => ({
  time,
  type,
  process,
  region,
  via: 'direct',
  f: 'read',
  key: 'k1',
  value: null,
});

describe('binHistory', () => {
  it('counts completions per region per second of completion, and ok latency from its invoke', () => {
    const binned = binHistory([
      op(100, 'invoke', 'us-1', 'us'),
      op(110, 'ok', 'us-1', 'us'),
      op(900, 'invoke', 'us-1', 'us'),
      op(1300, 'ok', 'us-1', 'us'), // completes in second 1: 400 ms
      op(1000, 'invoke', 'eu-1', 'eu'),
      op(1500, 'fail', 'eu-1', 'eu'),
      op(2100, 'invoke', 'eu-1', 'eu'),
      op(2600, 'info', 'eu-1', 'eu'),
      op(3000, 'invoke', 'us-1', 'us'),
      op(3050, 'ok', 'us-1', 'us'), // the last, partial second: counted, not charted
    ]);
    expect(binned.seconds).toBe(3);
    expect(binned.operations).toBe(5);
    expect(binned.endMs).toBe(3050);
    expect(binned.entries.us).toEqual({
      ok: [1, 1, 0],
      fail: [0, 0, 0],
      info: [0, 0, 0],
      p50: [10, 400, null],
      p99: [10, 400, null],
    });
    expect(binned.entries.eu).toEqual({
      ok: [0, 0, 0],
      fail: [0, 1, 0],
      info: [0, 0, 1],
      p50: [null, null, null],
      p99: [null, null, null],
    });
  });

  it('counts router ops under the router entry, whichever region answered, and who answered', () => {
    const via = (e: HistoryEvent): HistoryEvent => ({ ...e, via: 'router' });
    const binned = binHistory([
      via(op(100, 'invoke', 'router-1', 'router')),
      via(op(110, 'ok', 'router-1', 'us')),
      via(op(200, 'invoke', 'router-1', 'router')),
      via(op(230, 'ok', 'router-1', 'eu')),
      via(op(300, 'invoke', 'router-1', 'router')),
      via(op(400, 'fail', 'router-1', 'router')),
      via(op(1100, 'invoke', 'router-1', 'router')),
      via(op(1150, 'ok', 'router-1', 'router')), // the store did not say who answered
      op(1200, 'invoke', 'us-1', 'us'),
      op(1210, 'ok', 'us-1', 'us'),
      op(2500, 'invoke', 'us-1', 'us'),
      op(2510, 'ok', 'us-1', 'us'),
    ]);
    expect(Object.keys(binned.entries).sort()).toEqual(['router', 'us']);
    expect(binned.entries.router).toMatchObject({ ok: [2, 1], fail: [1, 0], p99: [30, 50] });
    expect(binned.entries.us?.ok).toEqual([0, 1]);
    expect(binned.answered).toEqual({ us: [1, 0], eu: [1, 0], 'unknown region': [0, 1] });
  });

  it('aligns who answered the router with the other series when warmup is before t = 0', () => {
    const via = (e: HistoryEvent): HistoryEvent => ({ ...e, via: 'router' });
    const binned = binHistory(
      [
        via(op(500, 'invoke', 'router-1', 'router')),
        via(op(510, 'ok', 'router-1', 'eu')), // warmup: second -1 of the scenario clock
        via(op(1500, 'invoke', 'router-1', 'router')),
        via(op(1510, 'ok', 'router-1', 'us')),
        via(op(2500, 'invoke', 'router-1', 'router')),
        via(op(2510, 'ok', 'router-1', 'us')),
      ],
      1000,
    );
    expect(binned.firstSecond).toBe(-1);
    expect(binned.entries.router?.ok).toEqual([1, 1]);
    expect(binned.answered).toEqual({ eu: [1, 0], us: [0, 1] });
  });

  it('pairs each completion with its own process even when processes interleave', () => {
    const binner = new HistoryBinner();
    for (const e of [
      op(0, 'invoke', 'a', 'us'),
      op(5, 'invoke', 'b', 'us'),
      op(50, 'ok', 'b', 'us'),
      op(80, 'ok', 'a', 'us'),
    ]) {
      binner.add(e);
    }
    const us = binner.finish().entries.us!;
    expect(us.p50).toEqual([45]);
    expect(us.p99).toEqual([80]);
  });

  it('leaves lag probes out: they are charted as replication lag', () => {
    const probe = (e: HistoryEvent): HistoryEvent => ({ ...e, key: 'probe:us' });
    const binned = binHistory([
      probe(op(0, 'invoke', 'probe-us', 'us')),
      probe(op(5, 'ok', 'probe-us', 'us')),
    ]);
    expect(binned.operations).toBe(0);
  });

  it('gives an empty picture for an empty history', () => {
    expect(binHistory([])).toEqual({
      seconds: 0,
      binSeconds: 1,
      firstSecond: 0,
      entries: {},
      answered: {},
      operations: 0,
      endMs: 0,
    });
  });
});

describe('percentile', () => {
  it('uses the nearest rank', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 0.5)).toBe(50);
    expect(percentile(sorted, 0.99)).toBe(99);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNull();
  });
});
