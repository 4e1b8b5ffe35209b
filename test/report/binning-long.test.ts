// report.html's charts from a fixed number of bins (issue 15): any run length gives at most
// MAX_BINS points per series, and each bin holds exactly what its seconds held (brute force).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HistoryEvent, Report } from '../../src/model.js';
import { binHistory, MAX_BINS, percentile } from '../../src/report/html/binning.js';
import { chartData, lagChart } from '../../src/report/html/charts.js';

interface Op {
  invoke: number;
  done: number;
  type: 'ok' | 'fail' | 'info';
  entry: 'us' | 'eu' | 'router';
  answered: 'us' | 'eu';
}

/** Each op's invoke and completion on its own process, in time order. */
function events(ops: Op[]): HistoryEvent[] {
  const all = ops.flatMap((o, i): HistoryEvent[] => {
    const via = o.entry === 'router' ? 'router' : 'direct';
    const base = { process: `p${i}`, via, f: 'read', key: 'k1', value: null } as const;
    const region = o.entry === 'router' ? 'router' : o.entry;
    const doneRegion = o.entry === 'router' && o.type === 'ok' ? o.answered : region;
    return [
      { ...base, time: o.invoke, type: 'invoke', region },
      { ...base, time: o.done, type: o.type, region: doneRegion },
    ];
  });
  return all.sort((a, b) => a.time - b.time);
}

/** The obviously-correct picture: per second totals, then each bin = its seconds added up, and
 * its latency percentiles from every ok latency completed in its seconds. */
function reference(ops: Op[], first: number, seconds: number, width: number) {
  const bins = Math.ceil(seconds / width);
  const binOf = (t: number) => {
    const s = Math.floor(t / 1000) - first;
    return s >= 0 && s < seconds ? Math.floor(s / width) : -1;
  };
  const entries: Record<string, { ok: number[]; fail: number[]; info: number[]; l: number[][] }> =
    {};
  const answered: Record<string, number[]> = {};
  for (const o of ops) {
    const e = (entries[o.entry] ??= {
      ok: Array(bins).fill(0),
      fail: Array(bins).fill(0),
      info: Array(bins).fill(0),
      l: Array.from({ length: bins }, () => []),
    });
    if (o.entry === 'router' && o.type === 'ok') answered[o.answered] ??= Array(bins).fill(0);
    const b = binOf(o.done);
    if (b < 0) continue;
    e[o.type][b]! += 1;
    if (o.type === 'ok') e.l[b]!.push(o.done - o.invoke);
    if (o.entry === 'router' && o.type === 'ok') answered[o.answered]![b]! += 1;
  }
  return { entries, answered };
}

const opArb = (spanMs: number) =>
  fc
    .record({
      invoke: fc.integer({ min: 0, max: spanMs }),
      took: fc.integer({ min: 0, max: 5000 }),
      type: fc.constantFrom('ok', 'fail', 'info'),
      entry: fc.constantFrom('us', 'eu', 'router'),
      answered: fc.constantFrom('us', 'eu'),
    })
    .map(({ took, ...o }): Op => ({ ...o, done: o.invoke + took }) as Op);

describe('fixed number of bins', () => {
  it('a 24 h run of sparse ops: at most MAX_BINS points per series, sums equal to the per-second totals', () => {
    const day = 24 * 3600 * 1000;
    // One op every 7 s, latency growing with time; two more at the very start and end.
    const ops: Op[] = [];
    for (let t = 0, i = 0; t < day; t += 7000, i++)
      ops.push({
        invoke: t,
        done: t + 10 + (i % 50),
        type: i % 11 === 0 ? 'fail' : i % 13 === 0 ? 'info' : 'ok',
        entry: i % 3 === 0 ? 'router' : i % 3 === 1 ? 'us' : 'eu',
        answered: i % 2 ? 'us' : 'eu',
      });
    const binned = binHistory(events(ops));
    expect(binned.seconds).toBe(Math.floor(ops.at(-1)!.done / 1000));
    expect(binned.binSeconds).toBe(Math.ceil(binned.seconds / MAX_BINS));
    expect(binned.binSeconds).toBeGreaterThan(1);
    const ref = reference(ops, 0, binned.seconds, binned.binSeconds);
    for (const [entry, s] of Object.entries(binned.entries)) {
      expect(s.ok.length).toBeLessThanOrEqual(MAX_BINS);
      const r = ref.entries[entry]!;
      expect(s.ok).toEqual(r.ok);
      expect(s.fail).toEqual(r.fail);
      expect(s.info).toEqual(r.info);
      const sorted = r.l.map((l) => [...l].sort((a, b) => a - b));
      expect(s.p50).toEqual(sorted.map((l) => percentile(l, 0.5)));
      expect(s.p99).toEqual(sorted.map((l) => percentile(l, 0.99)));
    }
    expect(binned.answered).toEqual(ref.answered);
    // Every op but the last (in the partial last second) is counted in some bin.
    const counted = Object.values(binned.entries).reduce(
      (n, s) => n + [...s.ok, ...s.fail, ...s.info].reduce((a, b) => a + b, 0),
      0,
    );
    expect(counted).toBe(ops.length - 1);
  });

  it('any history: bins are the per-second totals folded (brute-force reference)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 3 * 3600 })
          .chain((span) => fc.array(opArb(span * 1000), { minLength: 1, maxLength: 80 })),
        (ops) => {
          const binned = binHistory(events(ops));
          const first = binned.firstSecond;
          expect(binned.binSeconds).toBe(Math.max(1, Math.ceil(binned.seconds / MAX_BINS)));
          const ref = reference(ops, first, binned.seconds, binned.binSeconds);
          for (const [entry, s] of Object.entries(binned.entries)) {
            const r = ref.entries[entry]!;
            expect(s.ok.length).toBe(Math.ceil(binned.seconds / binned.binSeconds));
            expect(s.ok.length).toBeLessThanOrEqual(MAX_BINS);
            expect({ ok: s.ok, fail: s.fail, info: s.info }).toEqual({
              ok: r.ok,
              fail: r.fail,
              info: r.info,
            });
            const sorted = r.l.map((l) => [...l].sort((a, b) => a - b));
            expect(s.p99).toEqual(sorted.map((l) => percentile(l, 0.99)));
          }
          expect(binned.answered).toEqual(ref.answered);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a run of MAX_BINS seconds or less stays per second', () => {
    const ops: Op[] = Array.from({ length: MAX_BINS + 1 }, (_, s) => ({
      invoke: s * 1000 + 100,
      done: s * 1000 + 200,
      type: 'ok',
      entry: 'us',
      answered: 'us',
    }));
    const binned = binHistory(events(ops));
    expect(binned.seconds).toBe(MAX_BINS);
    expect(binned.binSeconds).toBe(1);
    expect(binned.entries.us!.ok).toEqual(Array(MAX_BINS).fill(1));
  });

  it('charts a day in at most MAX_BINS points, counts as the mean per second, faults at their true times', () => {
    const day = 24 * 3600 * 1000;
    const ops: Op[] = [];
    for (let t = 0; t < day; t += 1000)
      ops.push({ invoke: t, done: t + 20, type: 'ok', entry: 'router', answered: 'us' });
    const binned = binHistory(events(ops));
    const report = {
      checks: {
        replicationLag: {
          series: Array.from({ length: 20_000 }, (_, i) => ({
            time: i * 4000 + 1,
            lagMs: i === 7 ? 9999 : i % 100,
            from: 'us',
            to: 'eu',
          })),
        },
      },
    } as unknown as Report;
    const window = { id: 'cut', label: 'cut', start: 3_601_234, end: 3_662_500, healed: true };
    const data = chartData(binned, report, [window], []);
    for (const chart of data.charts)
      for (const column of chart.data) expect(column.length).toBeLessThanOrEqual(MAX_BINS + 2);
    const throughput = data.charts.find((c) => c.id === 'throughput')!;
    // One op per second in every full bin: the mean per second is 1.
    expect(new Set(throughput.data[1]!.filter((v) => v !== null))).toEqual(new Set([1]));
    expect(throughput.title).toContain(`${binned.binSeconds}-second bins`);
    expect(data.faults[0]).toMatchObject({ start: 3601.234, end: 3662.5 });
    // Lag: the largest in each bin, so the 9999 ms peak survives.
    const lag = lagChart(report, binned.binSeconds, binned.firstSecond)!;
    expect(lag.data[0]!.length).toBeLessThanOrEqual(MAX_BINS);
    expect(Math.max(...(lag.data[1]! as number[]))).toBe(9999);
    expect(lag.data[1]![0]).toBe(9999); // probe 7 is at 28 s, in the first bin
  });
});
