// Latency per entry against a brute-force reference: each entry's ok, non-probe latencies in
// microseconds (rounded), sorted, and the nearest-rank percentile read off them. Below 131 ms
// the HDR histogram is exact, so the two agree to the microsecond.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLatency } from '../../src/checks/latency.js';
import type { Op } from '../../src/history/ops.js';
import { ops, tableOf, type OpSpec } from './helpers.js';

function referenceLatency(list: Op[]) {
  const byEntry = new Map<string, number[]>();
  for (const o of list) {
    if (o.outcome !== 'ok' || o.key.startsWith('probe:')) continue;
    const entry = o.via === 'router' ? 'router' : o.region;
    const us = Math.max(0, Math.round((o.complete - o.invoke) * 1000));
    if (!byEntry.has(entry)) byEntry.set(entry, []);
    byEntry.get(entry)!.push(us);
  }
  const out: Record<string, { p50: number; p95: number; p99: number }> = {};
  for (const entry of [...byEntry.keys()].sort()) {
    const sorted = byEntry.get(entry)!.sort((a, b) => a - b);
    const at = (p: number) => sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1]! / 1000;
    out[entry] = { p50: at(50), p95: at(95), p99: at(99) };
  }
  return { byEntry: out };
}

const spec = fc.record({
  p: fc.constantFrom('us-0', 'eu-0', 'us-1'),
  router: fc.boolean(),
  probe: fc.boolean(),
  outcome: fc.constantFrom('ok', 'ok', 'fail', 'info'),
  us: fc.integer({ min: 0, max: 120_000 }),
});

describe('latency per entry', () => {
  it('agrees with the brute-force reference on random histories, as objects and as columns', () => {
    fc.assert(
      fc.property(fc.array(spec, { maxLength: 60 }), (plan) => {
        const list = ops(
          ...plan.map((s, i): OpSpec => {
            const at = i * 200;
            return {
              p: s.probe ? `probe-${s.p}` : s.p,
              key: s.probe ? 'probe:us' : `k${i}`,
              value: `v${i}`,
              at,
              done: at + s.us / 1000,
              outcome: s.outcome as OpSpec['outcome'],
              via: s.router ? 'router' : 'direct',
            };
          }),
        );
        const expected = referenceLatency(list);
        expect(checkLatency(list)).toEqual(expected);
        expect(checkLatency(tableOf(list))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('agrees on more distinct values than are counted before recording', () => {
    // 400,000 samples, ~100,000 distinct microsecond values per entry: counts go to the histogram in
    // several rounds, and the percentiles are still every sample's.
    let seed = 7;
    const random = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
    const list = Array.from({ length: 400_000 }, (_, i) => {
      const at = i * 0.5;
      const p = i % 2 ? 'us-0' : 'eu-0';
      return ops({ p, key: 'k', value: null, at, done: at + random() * 130 })[0]!;
    });
    expect(checkLatency(list)).toEqual(referenceLatency(list));
  });
});
