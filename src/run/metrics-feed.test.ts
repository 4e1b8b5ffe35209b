import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../model.js';
import { MetricsFeed } from './metrics-feed.js';

type Sample = { labels: Record<string, string | number>; value: number; metricName?: string };

async function samples(feed: MetricsFeed, name: string): Promise<Sample[]> {
  const metric = (await feed.registry.getMetricsAsJSON()).find((m) => m.name === name);
  return (metric?.values ?? []) as Sample[];
}

const value = (list: Sample[], labels: Record<string, string>, metricName?: string) =>
  list.find(
    (s) =>
      (metricName === undefined || s.metricName === metricName) &&
      Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  )?.value ?? 0;

interface Completed {
  process: string;
  via: 'direct' | 'router';
  region: string;
  outcome: 'ok' | 'fail' | 'info';
  at: number;
  ms: number;
}

const completed = fc.record({
  process: fc.constantFrom('us-1', 'eu-1', 'router-1', 'router-2'),
  region: fc.constantFrom('us', 'eu'),
  outcome: fc.constantFrom('ok' as const, 'fail' as const, 'info' as const),
  at: fc.integer({ min: 0, max: 10_000 }),
  ms: fc.integer({ min: 0, max: 3000 }),
});

/** invoke + completion lines, one op per process at a time. */
function lines(ops: Completed[]): HistoryEvent[] {
  return ops.flatMap((op) => {
    const base = { process: op.process, via: op.via, f: 'write', key: 'k', value: 'v' };
    const region = op.via === 'router' ? 'router' : op.region;
    return [
      { ...base, time: op.at, type: 'invoke' as const, region },
      { ...base, time: op.at + op.ms, type: op.outcome, region: op.region },
    ];
  });
}

describe('MetricsFeed', () => {
  it('counts ops, errors and latency per entry and region as a brute-force count does', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(completed, { maxLength: 60 }), async (raw) => {
        const ops = raw.map((op): Completed => {
          const via = op.process.startsWith('router') ? 'router' : 'direct';
          // A direct client's region is the one it is named after.
          const region = via === 'direct' ? op.process.split('-')[0]! : op.region;
          return { ...op, via, region };
        });
        const feed = new MetricsFeed();
        for (const event of lines(ops)) feed.history(event);
        const total = await samples(feed, 'gameday_ops_total');
        const errors = await samples(feed, 'gameday_op_errors_total');
        const latency = await samples(feed, 'gameday_op_latency_seconds');
        for (const entry of ['us', 'eu', 'router'])
          for (const region of ['us', 'eu']) {
            const mine = ops.filter(
              (op) =>
                (op.via === 'router' ? 'router' : op.region) === entry && op.region === region,
            );
            for (const outcome of ['ok', 'fail', 'info']) {
              const n = mine.filter((op) => op.outcome === outcome).length;
              expect(value(total, { entry, region, outcome })).toBe(n);
              expect(value(errors, { entry, region, outcome })).toBe(outcome === 'ok' ? 0 : n);
            }
            const labels = { entry, region };
            expect(value(latency, labels, 'gameday_op_latency_seconds_count')).toBe(mine.length);
            const sum = mine.reduce((s, op) => s + op.ms / 1000, 0);
            expect(value(latency, labels, 'gameday_op_latency_seconds_sum')).toBeCloseTo(sum, 6);
            const fast = mine.filter((op) => op.ms / 1000 <= 0.1).length;
            expect(
              value(latency, { ...labels, le: 0.1 } as never, 'gameday_op_latency_seconds_bucket'),
            ).toBe(fast);
          }
      }),
    );
  });

  it('leaves probe ops out of the op counts and turns them into the live lag per direction', async () => {
    const feed = new MetricsFeed();
    const probe = (
      time: number,
      type: HistoryEvent['type'],
      process: string,
      f: string,
      key: string,
      v: unknown,
      region: string,
    ): HistoryEvent => ({ time, type, process, region, via: 'direct', f, key, value: v });
    // us acks probe 1 at 100, probe 2 at 300; eu reads probe 1 at 1300: missing 2 since 300.
    for (const e of [
      probe(90, 'invoke', 'probe-us', 'write', 'probe:us', 'probe:us:1', 'us'),
      probe(100, 'ok', 'probe-us', 'write', 'probe:us', 'probe:us:1', 'us'),
      probe(290, 'invoke', 'probe-us', 'write', 'probe:us', 'probe:us:2', 'us'),
      probe(300, 'ok', 'probe-us', 'write', 'probe:us', 'probe:us:2', 'us'),
      probe(1290, 'invoke', 'probe-eu', 'read', 'probe:us', null, 'eu'),
      probe(1300, 'ok', 'probe-eu', 'read', 'probe:us', 'probe:us:1', 'eu'),
    ])
      feed.history(e);
    expect(await samples(feed, 'gameday_ops_total')).toEqual([]);
    expect(
      value(await samples(feed, 'gameday_replication_lag_seconds'), { from: 'us', to: 'eu' }),
    ).toBe(1);
  });

  it('shows faults in force (scenario and by hand) and counts marks by kind', async () => {
    const feed = new MetricsFeed();
    feed.startRun('region-kill', '7');
    feed.runEvent({
      time: 1,
      type: 'fault-start',
      id: 's1',
      fault: 'kill-region',
      regions: ['eu'],
    });
    feed.runEvent({
      time: 2,
      type: 'fault-start',
      id: 'm1',
      fault: 'partition',
      regions: ['us', 'eu'],
      source: 'manual',
    });
    feed.runEvent({ time: 3, type: 'mark', kind: 'detected', text: 'paged' });
    feed.runEvent({ time: 4, type: 'mark', kind: 'note', text: 'x' });
    feed.runEvent({ time: 5, type: 'mark', kind: 'detected', text: 'again' });
    expect(value(await samples(feed, 'gameday_faults_in_force'), {})).toBe(2);
    feed.runEvent({ time: 6, type: 'fault-end', id: 's1', fault: 'kill-region', regions: ['eu'] });
    const inForce = await samples(feed, 'gameday_fault_in_force');
    expect(value(inForce, { id: 's1', fault: 'kill-region', regions: 'eu' })).toBe(0);
    expect(value(inForce, { id: 'm1', fault: 'partition', regions: 'us,eu' })).toBe(1);
    expect(value(await samples(feed, 'gameday_faults_in_force'), {})).toBe(1);
    // Started and healed between two scrapes: the gauges show nothing of it, the counter does.
    feed.runEvent({ time: 7, type: 'fault-start', id: 's2', fault: 'partition', regions: ['us'] });
    feed.runEvent({ time: 8, type: 'fault-end', id: 's2', fault: 'partition', regions: ['us'] });
    const started = await samples(feed, 'gameday_faults_started_total');
    expect(value(started, { fault: 'partition', source: 'scenario' })).toBe(1);
    expect(value(started, { fault: 'partition', source: 'manual' })).toBe(1);
    expect(value(started, { fault: 'kill-region', source: 'scenario' })).toBe(1);
    const marks = await samples(feed, 'gameday_marks_total');
    expect([value(marks, { kind: 'detected' }), value(marks, { kind: 'note' })]).toEqual([2, 1]);
    expect(
      value(await samples(feed, 'gameday_run_info'), { scenario: 'region-kill', seed: '7' }),
    ).toBe(1);
  });
});
