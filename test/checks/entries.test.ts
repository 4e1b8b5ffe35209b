// Availability, latency and traffic per entry on a hand-built region kill whose figures are
// known by construction: router clients are the router entry whichever region answered them.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/checks/index.js';
import { BadInputError } from '../../src/errors.js';
import type { RunEvent } from '../../src/model.js';
import { entryTable, phaseTable } from '../../src/report/html/entries.js';
import { entrySummary } from '../../src/report/terminal.js';
import { historyOf, ops, type OpSpec } from './helpers.js';

// Warmup 0–1000, timeline 1000–9000, eu killed 3000–6000 (history times; reports show them on
// the scenario clock, 1000 less). One op per 100 ms per process.
const events: RunEvent[] = [
  { time: 0, type: 'phase', phase: 'warmup' },
  { time: 1000, type: 'phase', phase: 'faults' },
  { time: 3000, type: 'fault-start', id: 's1', fault: 'kill-region', regions: ['eu'] },
  { time: 6000, type: 'fault-end', id: 's1', fault: 'kill-region', regions: ['eu'] },
  { time: 9000, type: 'phase', phase: 'heal' },
];
const killed = (t: number) => t >= 3000 && t < 6000;

/** The router: round robin, except the first two requests into the kill fail, the rest of the
 * kill goes to us, and eu takes 1 s after the heal to be sent traffic again. */
function routerOp(t: number): OpSpec {
  const failed = t === 3000 || t === 3100;
  const toUs = killed(t) || (t >= 6000 && t < 7000) || (t / 100) % 2 === 0;
  return {
    p: 'router-1',
    at: t,
    done: t + 5,
    via: 'router',
    outcome: failed ? 'fail' : 'ok',
    region: failed ? 'router' : toUs ? 'us' : 'eu',
  };
}

function history() {
  const specs: OpSpec[] = [];
  for (let t = 0; t < 9000; t += 100) {
    specs.push({ p: 'us-1', at: t, done: t + 2 });
    specs.push({ p: 'eu-1', at: t, done: t + 2, outcome: killed(t) ? 'fail' : 'ok' });
    specs.push(routerOp(t));
  }
  return ops(...specs.map((s, i) => ({ ...s, key: `k${i % 7}`, value: `v${i}` })));
}

const judge = (slo: Record<string, unknown>, list = history()) =>
  evaluate({ history: historyOf(list), events, slo, scenario: { name: 'kill' } });

describe('availability per entry', () => {
  const { availability, latency } = judge({}).checks;

  it('counts router ops under the router entry, whichever region answered', () => {
    expect(availability.byEntry).toEqual({ eu: 60 / 90, router: 88 / 90, us: 1 });
    expect(availability.overall).toBe((90 + 60 + 88) / 270);
  });

  it('splits the timeline into phases on the scenario clock; warmup ops belong to none', () => {
    expect(availability.byPhase).toEqual([
      {
        phase: 'before',
        startMs: 0,
        endMs: 2000,
        ops: 60,
        overall: 1,
        byEntry: { eu: 1, router: 1, us: 1 },
      },
      {
        phase: 'during:s1',
        startMs: 2000,
        endMs: 5000,
        ops: 90,
        overall: 58 / 90,
        byEntry: { eu: 0, router: 28 / 30, us: 1 },
      },
      {
        phase: 'after:s1',
        startMs: 5000,
        endMs: 8000,
        ops: 90,
        overall: 1,
        byEntry: { eu: 1, router: 1, us: 1 },
      },
    ]);
  });

  it('reports latency per entry', () => {
    expect(latency.byEntry.router).toEqual({ p50: 5, p95: 5, p99: 5 });
    expect(latency.byEntry.us).toEqual({ p50: 2, p95: 2, p99: 2 });
  });
});

describe('availability SLOs', () => {
  it("judges the router entry when there are router clients, not the dead region's clients", () => {
    const [row] = judge({ availability: '>= 95%' }).slos;
    expect(row).toMatchObject({ name: 'availability', measured: 88 / 90, pass: true });
  });

  it('judges every operation when there is no router client', () => {
    const direct = history().filter((o) => o.via === 'direct');
    const [row] = judge({ availability: '>= 95%' }, direct).slos;
    expect(row).toMatchObject({ measured: 150 / 180, pass: false });
  });

  it('judges each region named in availability_region on its direct clients', () => {
    const rows = judge({ availability_region: { eu: '>= 90%', us: '>= 99%' } }).slos;
    expect(rows).toEqual([
      { name: 'availability_region.eu', target: '>= 90%', measured: 60 / 90, pass: false },
      { name: 'availability_region.us', target: '>= 99%', measured: 1, pass: true },
    ]);
  });

  it('refuses a region no direct client addressed, and a target that is not a mapping', () => {
    expect(() => judge({ availability_region: { ap: '>= 50%' } })).toThrow(
      /availability_region.ap" cannot be measured on this run: no direct client addressed region ap/,
    );
    expect(() => judge({ availability_region: '>= 50%' })).toThrow(BadInputError);
  });

  it('failover still reads the router entry: ok answers from us count, router failures count', () => {
    const report = judge({ availability: '>= 95%', failover_time: '< 2s' });
    // [3000, 4000) holds the two failures (80%); from 4000 on every window is whole.
    expect(report.checks.failover).toEqual([
      { step: 's1', region: 'eu', detectionMs: 5, failoverMs: 1005, errors: 2 },
    ]);
    expect(report.slos[1]).toMatchObject({ name: 'failover_time', pass: true });
  });
});

describe('traffic distribution', () => {
  const { trafficDistribution } = judge({}).checks;

  it('compares each phase to an even split over the regions in service', () => {
    const phases = trafficDistribution.byPhase.map(({ phase, ops, shares, expected, skew }) => ({
      phase,
      ops,
      shares,
      expected,
      skew,
    }));
    expect(phases).toEqual([
      {
        phase: 'before',
        ops: 20,
        shares: { eu: 0.5, us: 0.5 },
        expected: { eu: 0.5, us: 0.5 },
        skew: 0,
      },
      {
        phase: 'during:s1',
        ops: 28,
        shares: { eu: 0, us: 1 },
        expected: { eu: 0, us: 1 },
        skew: 0,
      },
      {
        phase: 'after:s1',
        ops: 30,
        shares: { eu: 10 / 30, us: 20 / 30 },
        expected: { eu: 0.5, us: 0.5 },
        skew: expect.closeTo(1 / 6, 12),
      },
    ]);
    expect(trafficDistribution.skew).toBeCloseTo(1 / 6, 12);
  });

  it('traffic_skew fails above its target and names the worst phase', () => {
    const [tight, loose] = judge({ traffic_skew: '< 10%' }).slos.concat(
      judge({ traffic_skew: '< 20%' }).slos,
    );
    expect(tight).toMatchObject({ measured: expect.closeTo(1 / 6, 12), pass: false });
    expect(tight?.evidence?.[0]).toBe(
      'after:s1: eu 33.3% (expected 50%), us 66.7% (expected 50%) of 30 ok router ops',
    );
    expect(loose).toMatchObject({ pass: true });
  });

  it('traffic_skew cannot be measured when no router answer says which region answered', () => {
    const anonymous = history().map((o) => (o.via === 'router' ? { ...o, region: 'router' } : o));
    expect(() => judge({ traffic_skew: '< 10%' }, anonymous)).toThrow(
      /no ok router operation says which region answered it/,
    );
    expect(judge({}, anonymous).checks.trafficDistribution.byPhase[0]).toMatchObject({
      ops: 0,
      unknown: 20,
      skew: null,
    });
  });
});

describe('terminal summary', () => {
  it('shows availability per entry, router first, and the router traffic per phase', () => {
    expect(entrySummary(judge({}))).toEqual([
      'availability by entry: router 97.78% (p99 5 ms) · eu 66.67% (p99 2 ms) · us 100% (p99 2 ms)',
      'router traffic answered by: before eu 50% us 50% · during:s1 eu 0% us 100% · ' +
        'after:s1 eu 33.33% us 66.67% (skew max 16.67%)',
    ]);
  });
});

describe('report.html tables', () => {
  it('formats the per-entry and per-phase figures, router first', () => {
    const report = judge({});
    const text = (html: string) => html.replace(/<[^>]+>/g, '|').replace(/\|+/g, '|');
    expect(text(entryTable(report))).toBe(
      '|entry|availability|p50|p95|p99|router (global entry)|97.78%|5 ms|5 ms|5 ms|' +
        'eu (direct)|66.67%|2 ms|2 ms|2 ms|us (direct)|100%|2 ms|2 ms|2 ms|',
    );
    expect(text(phaseTable(report))).toContain(
      '|after:s1|5.0 s – 8.0 s|100%|100%|100%|eu 33.33% (expected 50%), us 66.67% (expected 50%)|16.67%|',
    );
  });
});
