// Replication lag and conflict rate on hand-built probe histories (DESIGN.md §7).
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/checks/index.js';
import type { Op } from '../../src/history/ops.js';
import type { StoreCounters } from '../../src/model.js';
import { historyOf, ops, r, w, type OpSpec } from './helpers.js';

const check = (list: Op[], storeCounters: StoreCounters | null = null) =>
  evaluate({ history: historyOf(list), storeCounters }).checks;

/** Probe write number `seq` of `origin`, invoked at `at`, acknowledged at `done`. */
const pw = (origin: string, seq: number, at: number, done: number): OpSpec =>
  w(`probe-${origin}`, `probe:${origin}:${seq}`, at, done, { key: `probe:${origin}` });
/** A read in `reader` of `origin`'s probe key seeing sequence `seq` (null: nothing yet). */
const pr = (reader: string, origin: string, seq: number | null, at: number, done: number) =>
  r(`probe-${reader}`, seq === null ? null : `probe:${origin}:${seq}`, at, done, {
    key: `probe:${origin}`,
  });

describe('replication lag', () => {
  it('sees a cut even when the values written during it are overwritten before any read', () => {
    // us writes 1..5 a second apart; eu reads 1 throughout a cut, then 5 after the heal.
    const list = ops(
      pw('us', 1, 0, 10),
      pr('eu', 'us', 1, 500, 510),
      pw('us', 2, 1000, 1010),
      pr('eu', 'us', 1, 1500, 1510),
      pw('us', 3, 2000, 2010),
      pr('eu', 'us', 1, 2500, 2510),
      pw('us', 4, 3000, 3010),
      pr('eu', 'us', 1, 3500, 3510),
      pw('us', 5, 4000, 4010),
      pr('eu', 'us', 5, 4500, 4510),
    );
    const lag = check(list).replicationLag;
    // Writes 2, 3, 4, 5 are first covered by the read of 5 at 4510.
    expect(lag.byDirection['us->eu']).toEqual({
      p50: 1500,
      p95: 3500,
      p99: 3500,
      max: 3500,
      uncovered: 0,
      samples: 5,
    });
    expect(lag.max).toBe(3500);
    // The series ramps while eu is stuck on 1, and falls once it sees 5.
    expect(lag.series?.map((s) => s.lagMs)).toEqual([0, 500, 1500, 2500, 0]);
  });

  it('counts a write never covered by the last read as censored, with its lower bound', () => {
    const list = ops(
      pw('us', 1, 0, 10),
      pw('us', 2, 100, 110),
      pr('eu', 'us', 1, 200, 210),
      pr('eu', 'us', 1, 900, 1000), // eu's last read: still without 2
    );
    const lag = check(list).replicationLag;
    // 1: covered at 210 → 200; 2: censored, at least 1000 − 110.
    expect(lag).toMatchObject({ p50: 200, max: 890, uncovered: 1, samples: 2 });
  });

  it('does not judge writes acknowledged after the last read of the other region', () => {
    const list = ops(
      pw('us', 1, 0, 10),
      pr('eu', 'us', 1, 20, 30),
      pw('us', 2, 40, 50),
      pw('us', 3, 5000, 5010),
    );
    expect(check(list).replicationLag).toMatchObject({ max: 20, uncovered: 0, samples: 1 });
  });

  it('reports null for a direction whose reader made no probe read', () => {
    const list = ops(
      pw('us', 1, 0, 10),
      pw('eu', 1, 0, 10),
      pr('eu', 'us', 1, 20, 40),
      { ...pr('us', 'eu', null, 20, 25), outcome: 'fail' }, // a failed read is no probe read
    );
    const lag = check(list).replicationLag;
    expect(lag.byDirection['eu->us']).toBeNull();
    expect(lag.byDirection['us->eu']).toMatchObject({ max: 30, samples: 1 });
  });

  it('takes a read that sees a write before its writer heard back as lag 0', () => {
    const list = ops(pw('us', 1, 0, 100), pr('eu', 'us', 1, 20, 40), pr('eu', 'us', 1, 200, 210));
    expect(check(list).replicationLag).toMatchObject({ max: 0, samples: 1 });
  });
});

describe('conflict rate', () => {
  // us writes k at 0–10; us's next probe (seq 2) is invoked at 20, and eu covers it at 60.
  const base = [
    pw('us', 1, 0, 5),
    w('us-1', 'a', 0, 10),
    pw('us', 2, 20, 30),
    pr('eu', 'us', 1, 40, 45),
    pr('eu', 'us', 2, 55, 60),
  ];

  it('flags both writes when the later one was invoked before its region covered the first', () => {
    const c = check(ops(...base, w('eu-1', 'b', 50, 70))).conflictRate;
    expect(c).toMatchObject({ conflicts: 2, writes: 2, history: 10_000, store: null });
  });

  it('counts a forwarded write for the region that applied it: no conflict within one region', () => {
    const c = check(ops(...base, w('eu-1', 'b', 50, 70, { appliedBy: 'us' }))).conflictRate;
    expect(c).toMatchObject({ conflicts: 0, writes: 2, history: 0 });
  });

  it('does not flag a write invoked once the other region had covered the first', () => {
    for (const at of [60, 80]) {
      const c = check(ops(...base, w('eu-1', 'b', at, at + 10))).conflictRate;
      expect(c).toMatchObject({ conflicts: 0, writes: 2, history: 0 });
    }
  });

  it('counts every later write of another region when no probe write follows the first', () => {
    const list = ops(pw('us', 1, 0, 5), w('us-1', 'a', 10, 20), w('eu-1', 'b', 5000, 5010));
    expect(check(list).conflictRate).toMatchObject({ conflicts: 2, writes: 2 });
  });

  it('leaves probes and other keys out, and history null without any probe write', () => {
    const list = ops(w('us-1', 'a', 0, 10), w('eu-1', 'b', 0, 10, { key: 'k2' }));
    expect(check(list).conflictRate).toMatchObject({ history: null, conflicts: 0, writes: 2 });
  });

  it('takes the store figure from the counter increase, a reset counting from 0', () => {
    const counters: StoreCounters = {
      conflicts: {
        source: 'kvstore_conflicts_total',
        start: { us: 5, eu: 7 },
        end: { us: 6, eu: 2 }, // eu restarted: its counter began again at 0
      },
    };
    const c = check(ops(...base, w('eu-1', 'b', 80, 90)), counters).conflictRate;
    expect(c).toMatchObject({ storeConflicts: 3, store: 15_000 });
    const failedRead = structuredClone(counters);
    failedRead.conflicts.end.eu = null;
    expect(check(ops(...base), failedRead).conflictRate.store).toBeNull();
  });
});
