// Property tests for the probe-based figures: replication lag (with censoring, per direction,
// and the series) and the history conflict rate agree with the brute force of reference.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkConflictRate } from '../../src/checks/conflicts.js';
import { checkReplicationLag } from '../../src/checks/lag.js';
import type { Op } from '../../src/history/ops.js';
import { ops, type OpSpec } from './helpers.js';
import { conflictWrites, referenceConflicts, referenceLag } from './reference.js';

const REGIONS = ['us', 'eu', 'ap'];
const outcome = fc.constantFrom<'ok' | 'fail' | 'info'>('ok', 'ok', 'ok', 'fail', 'info');
const step = fc.record({
  region: fc.integer({ min: 0, max: 2 }),
  kind: fc.constantFrom('probe-write', 'probe-read', 'write', 'write', 'cas', 'add'),
  other: fc.integer({ min: 1, max: 2 }),
  key: fc.constantFrom('k0', 'k1'),
  gap: fc.integer({ min: 0, max: 3 }).map((x) => x * 10),
  dur: fc.integer({ min: 0, max: 3 }).map((x) => x * 10),
  seen: fc.integer({ min: -1, max: 8 }),
  outcome,
});
const run = fc.record({
  regions: fc.integer({ min: 2, max: 3 }),
  steps: fc.array(step, { maxLength: 70 }),
});

/** A random two- or three-region history: probe processes and register clients interleaved. */
type Plan = typeof run extends fc.Arbitrary<infer T> ? T : never;

function history(plan: Plan): Op[] {
  const regions = REGIONS.slice(0, plan.regions);
  const clock = new Map<string, number>();
  const seq = new Map<string, number>();
  const specs: OpSpec[] = plan.steps.map((s, i) => {
    const region = regions[s.region % regions.length]!;
    const probe = s.kind.startsWith('probe');
    const p = probe ? `probe-${region}` : `${region}-1`;
    const at = (clock.get(p) ?? 0) + s.gap;
    clock.set(p, at + s.dur);
    const base = { p, at, done: at + s.dur, outcome: s.outcome };
    if (s.kind === 'probe-write') {
      const n = (seq.get(region) ?? 0) + 1;
      seq.set(region, n);
      return { ...base, f: 'write', key: `probe:${region}`, value: `probe:${region}:${n}` };
    }
    if (s.kind === 'probe-read') {
      const origin = regions[(s.region + s.other) % regions.length]!;
      const value = s.seen < 0 ? null : `probe:${origin}:${s.seen}`;
      return { ...base, f: 'read', key: `probe:${origin}`, value };
    }
    if (s.kind === 'add') return { ...base, f: 'add', key: s.key, value: 1 };
    const v = `${p}:${i}`;
    return { ...base, f: s.kind, key: s.key, value: s.kind === 'cas' ? { from: null, to: v } : v };
  });
  return ops(...specs);
}

const rank = (sorted: number[], p: number): number =>
  sorted.length === 0 ? 0 : sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1]!;
const figures = (lags: number[], uncovered: number) => {
  const sorted = [...lags].sort((x, y) => x - y);
  return {
    p50: rank(sorted, 50),
    p95: rank(sorted, 95),
    p99: rank(sorted, 99),
    max: rank(sorted, 100),
    uncovered,
    samples: sorted.length,
  };
};
const bySeriesOrder = (
  list: { time: number; lagMs: number; from: string; to: string }[],
): string[] => list.map((s) => `${s.time} ${s.from} ${s.to} ${s.lagMs}`).sort();

describe('probe figures agree with brute force', () => {
  it('replication lag: percentiles, uncovered, per direction and the series', () => {
    fc.assert(
      fc.property(run, (plan) => {
        const list = history(plan);
        const fast = checkReplicationLag(list);
        const ref = referenceLag(list);
        expect(fast).toMatchObject(figures(ref.lags, ref.uncovered));
        const directions = Object.fromEntries(
          Object.entries(ref.byDirection).map(([d, r]) => [d, r && figures(r.lags, r.uncovered)]),
        );
        expect(fast.byDirection).toEqual(directions);
        expect(bySeriesOrder(fast.series ?? [])).toEqual(bySeriesOrder(ref.series));
      }),
      { numRuns: 400 },
    );
  });

  it('conflict rate: conflicting ok writes and the rate per 10k', () => {
    fc.assert(
      fc.property(run, (plan) => {
        const list = history(plan);
        const fast = checkConflictRate(list, null);
        const conflicts = referenceConflicts(list);
        const writes = conflictWrites(list).length;
        expect(fast.writes).toBe(writes);
        expect(fast.conflicts).toBe(conflicts ?? 0);
        const rate = conflicts === null ? null : writes === 0 ? 0 : (conflicts * 10_000) / writes;
        expect(fast.history).toBe(rate);
        expect(fast.store).toBeNull();
      }),
      { numRuns: 1500 },
    );
  });
});
