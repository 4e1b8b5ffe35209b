// Hand-built runs for the checks that read fault events: split brain, failover, convergence.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/checks/index.js';
import type { Op } from '../../src/history/ops.js';
import type { FinalState, RunEvent } from '../../src/model.js';
import { finalOf, historyOf, ops, partition, w, type OpSpec } from './helpers.js';

const check = (list: Op[], events: RunEvent[], final: FinalState | null = null) =>
  evaluate({ history: historyOf(list), events, final }).checks;

describe('split-brain writes', () => {
  const writes = [
    w('us-1', 'u1', 10, 12), // invoked exactly at the start: in
    w('eu-1', 'e1', 15, 20), // acknowledged exactly at the end: in
    w('eu-2', 'e0', 9, 11), // invoked before the start: out
    w('us-2', 'u2', 19, 21), // acknowledged after the end: out
    w('eu-3', 'e2', 12, 14, { key: 'j' }), // another key, one side only
  ];

  it('counts pairs across sides within [start, end], boundaries included', () => {
    const c = check(
      ops(...writes),
      partition('s2', 10, 20),
      finalOf({ us: { k: 'u1' }, eu: { k: 'u1' } }),
    );
    expect(c.splitBrainWrites.pairs).toBe(1);
    expect(c.splitBrainWrites.keys).toEqual(['k']);
    expect(c.splitBrainWrites.resolution?.k).toMatch(/eu side silently dropped/);
  });

  it('puts a write the entry forwarded on the side of the region that applied it', () => {
    // eu's clients write through eu, which forwards to us (single-writer, home us): both
    // writes were applied by us, so there is no pair; without appliedBy there would be one.
    const forwarded = ops(w('us-1', 'a', 11, 12), w('eu-1', 'b', 13, 14, { appliedBy: 'us' }));
    expect(check(forwarded, partition('s2', 10, 20)).splitBrainWrites.pairs).toBe(0);
    const local = ops(w('us-1', 'a', 11, 12), w('eu-1', 'b', 13, 14));
    expect(check(local, partition('s2', 10, 20)).splitBrainWrites.pairs).toBe(1);
  });

  it('names the newer write (by real time) that lost: a kept write acknowledged before it began', () => {
    const list = ops(
      w('us-1', 'u1', 2000, 2100),
      w('eu-1', 'e1', 1500, 1600), // before the kept write: older, not the one named
      w('eu-1', 'e2', 5000, 5100), // invoked after u1 was acknowledged: newer, and it lost
    );
    const final = finalOf({ us: { k: 'u1' }, eu: { k: 'u1' } });
    const c = check(list, partition('s2', 1000, 20000), final);
    expect(c.splitBrainWrites.resolution?.k).toBe(
      'eu side silently dropped, newer write lost (kept u1, acknowledged at 2.10 s; eu wrote e2 at 5.00 s)',
    );
  });

  it('does not call a concurrent write newer: it began before the kept one was acknowledged', () => {
    const list = ops(w('us-1', 'u1', 2000, 2100), w('eu-1', 'e1', 2050, 2200));
    const final = finalOf({ us: { k: 'u1' }, eu: { k: 'u1' } });
    const c = check(list, partition('s2', 1000, 20000), final);
    expect(c.splitBrainWrites.resolution?.k).toBe('eu side silently dropped (kept u1)');
  });

  it('multiplies writes per side and reports siblings', () => {
    const list = ops(
      w('us-1', 'a', 11, 12),
      w('us-1', 'b', 13, 14),
      w('eu-1', 'c', 11, 12),
      w('eu-1', 'd', 13, 14),
      w('eu-1', 'e', 15, 16),
    );
    const c = check(
      list,
      partition('s2', 10, 20),
      finalOf({ us: { k: ['b', 'e'] }, eu: { k: ['b', 'e'] } }),
    );
    expect(c.splitBrainWrites.pairs).toBe(6);
    expect(c.splitBrainWrites.resolution?.k).toMatch(/siblings kept/);
  });

  it('ignores client-only partitions and counts one-way replication cuts', () => {
    const list = ops(...writes);
    expect(check(list, partition('s2', 10, 20, { scope: 'clients' })).splitBrainWrites.pairs).toBe(
      0,
    );
    expect(
      check(list, partition('s2', 10, 20, { scope: 'both', oneway: true })).splitBrainWrites.pairs,
    ).toBe(1);
  });

  it('uses params.groups for sides', () => {
    const list = ops(w('us-1', 'a', 11, 12), w('eu-1', 'b', 11, 12), w('ap-1', 'c', 11, 12));
    const groups = partition('s2', 10, 20, { groups: [['us'], ['eu', 'ap']] });
    expect(check(list, groups).splitBrainWrites.pairs).toBe(2);
  });
});

/** Router ops every 100 ms completing from `from` to `to`; `okAt(t)` says which succeed. */
function routerOps(from: number, to: number, okAt: (t: number) => boolean): OpSpec[] {
  const specs: OpSpec[] = [];
  for (let t = from, i = 0; t <= to; t += 100, i++) {
    const outcome = okAt(t) ? 'ok' : 'fail';
    specs.push({
      p: `router-${i % 3}`,
      f: 'write',
      key: `k${i}`,
      value: `v${i}`,
      at: t - 50,
      done: t,
      outcome,
      via: 'router',
      region: 'us',
    });
  }
  return specs;
}

const regionFault = (
  id: string,
  fault: string,
  region: string,
  start: number,
  end?: number,
): RunEvent[] => [
  { time: start, type: 'fault-start', id, fault: fault as RunEvent['fault'], regions: [region] },
  ...(end === undefined
    ? []
    : [
        {
          time: end,
          type: 'fault-end' as const,
          id,
          fault: fault as RunEvent['fault'],
          regions: [region],
        },
      ]),
];

describe('failover', () => {
  it('measures detection, failover and errors over 1 s windows from the fault start', () => {
    const list = ops(...routerOps(500, 6000, (t) => t <= 1000 || t >= 3000));
    const [f] = check(list, regionFault('s3', 'kill-region', 'eu', 1000, 6000)).failover;
    expect(f).toMatchObject({
      step: 's3',
      region: 'eu',
      detectionMs: 100,
      failoverMs: 2000,
      errors: 19,
    });
  });

  it('a window that still misses the target delays recovery', () => {
    // One failure at 3500 puts [3000, 4000) at 90% < 99%: recovery is the first ok in [4000, 5000).
    const list = ops(...routerOps(500, 6000, (t) => t <= 1000 || (t >= 3000 && t !== 3500)));
    const [f] = check(list, regionFault('s3', 'pause-region', 'eu', 1000, 6000)).failover;
    expect(f).toMatchObject({ failoverMs: 3000, errors: 20 });
  });

  it('no recovery before the fault ends is "never", and fails the SLO', () => {
    const list = ops(...routerOps(500, 6000, (t) => t <= 1000));
    const report = evaluate({
      history: historyOf(list),
      events: regionFault('s3', 'stop-region', 'eu', 1000, 6000),
      slo: { failover_time: '< 30s' },
    });
    expect(report.checks.failover[0]).toMatchObject({ failoverMs: null, detectionMs: 100 });
    expect(report.slos[0]).toMatchObject({ name: 'failover_time', measured: 'never', pass: false });
  });

  it('uses the availability SLO as the window target', () => {
    const list = ops(...routerOps(500, 6000, (t) => t <= 1000 || (t >= 3000 && t !== 3500)));
    const report = evaluate({
      history: historyOf(list),
      events: regionFault('s3', 'kill-region', 'eu', 1000, 6000),
      slo: { availability: '>= 80%', failover_time: '< 2.5s' },
    });
    expect(report.checks.failover[0]?.failoverMs).toBe(2000);
    expect(report.slos[1]).toMatchObject({ measured: 2000, pass: true });
  });
});

describe('convergence', () => {
  it('measures converged − fault-end per healed step; a missing event is unconverged', () => {
    const events: RunEvent[] = [
      ...partition('s1', 100, 1000),
      { time: 1250, type: 'phase', phase: 'converged', id: 's1' },
      ...partition('s2', 2000, 3000),
    ];
    const c = check(ops(w('us-1', 'a', 0, 1)), events);
    expect(c.convergence).toMatchObject({ maxMs: 250, unconverged: 1 });
  });
});
