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
    expect(binned.regions.us).toEqual({
      ok: [1, 1, 0],
      fail: [0, 0, 0],
      info: [0, 0, 0],
      p50: [10, 400, null],
      p99: [10, 400, null],
    });
    expect(binned.regions.eu).toEqual({
      ok: [0, 0, 0],
      fail: [0, 1, 0],
      info: [0, 0, 1],
      p50: [null, null, null],
      p99: [null, null, null],
    });
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
    const us = binner.finish().regions.us!;
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
      firstSecond: 0,
      regions: {},
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
