// Hand-built histories, one per anomaly, with the exact counts the definitions give.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/checks/index.js';
import type { Op } from '../../src/history/ops.js';
import type { FinalState, RunEvent } from '../../src/model.js';
import { finalOf, historyOf, ops, r, w } from './helpers.js';

const check = (list: Op[], final: FinalState | null = null, events: RunEvent[] = []) =>
  evaluate({ history: historyOf(list), final, events }).checks;

describe('stale reads', () => {
  it('a clean history has no anomaly and passes its SLOs', () => {
    const list = ops(
      w('us-1', 'a', 0, 1),
      r('eu-1', 'a', 2, 3),
      w('eu-1', 'b', 4, 5),
      r('us-1', 'b', 6, 7),
    );
    const report = evaluate({
      history: historyOf(list),
      final: finalOf({ us: { k: 'b' }, eu: { k: 'b' } }),
      slo: { stale_read_rate: '< 0.1%', lost_writes: 0, divergence: 0, split_brain_writes: 0 },
    });
    expect(report.verdict).toBe('pass');
    expect(report.slos.map((s) => s.pass)).toEqual([true, true, true, true]);
    expect(report.checks.staleReads).toMatchObject({ count: 0, reads: 2, ratePer10k: 0 });
    expect(report.checks.impossibleReads).toMatchObject({ garbage: 0, aborted: 0, future: 0 });
  });

  it('counts a read of a superseded value, with its staleness and region', () => {
    const c = check(ops(w('us-1', 'a', 0, 1), w('eu-1', 'b', 2, 3), r('us-2', 'a', 5, 6)));
    expect(c.staleReads).toMatchObject({ count: 1, reads: 1, ratePer10k: 10_000 });
    expect(c.staleReads.stalenessMs).toEqual({ p50: 2, p99: 2, max: 2 });
    expect(c.staleReads.byRegion.us).toEqual({ count: 1, reads: 1, ratePer10k: 10_000 });
    expect(c.readYourWrites.count).toBe(0);
  });

  it('does not count a read concurrent with the newer write', () => {
    const c = check(ops(w('us-1', 'a', 0, 1), w('eu-1', 'b', 2, 6), r('us-2', 'a', 5, 7)));
    expect(c.staleReads.count).toBe(0);
  });

  it('a read of a never-written key returns null and is fine', () => {
    const c = check(ops(r('us-1', null, 0, 1, { key: 'never' }), w('us-1', 'a', 2, 3)));
    expect(c.staleReads.count).toBe(0);
    expect(c.impossibleReads).toMatchObject({ garbage: 0, aborted: 0, future: 0 });
  });

  it('a null read after an acknowledged write is stale, and read-your-writes if own write', () => {
    const c = check(ops(w('us-1', 'a', 0, 1), r('us-1', null, 2, 3), r('eu-1', null, 4, 5)));
    expect(c.staleReads.count).toBe(2);
    expect(c.staleReads.stalenessMs.max).toBe(3);
    expect(c.readYourWrites.count).toBe(1);
  });

  it('an info write never counts against the store', () => {
    const list = ops(
      w('us-1', 'a', 0, 1),
      w('eu-1', 'b', 2, 3, { outcome: 'info' }),
      r('us-2', 'a', 5, 6),
    );
    const c = check(list, finalOf({ us: { k: 'b' }, eu: { k: 'b' } }));
    expect(c.staleReads.count).toBe(0);
    expect(c.lostWrites.count).toBe(0);
    expect(c.impossibleReads.garbage + c.impossibleReads.aborted).toBe(0);
  });

  it('a session restarts after an info: the old session\'s writes are not "your" writes', () => {
    const base = [w('eu-1', 'a', 0, 1), w('us-1', 'b', 2, 3)];
    const withInfo = check(
      ops(...base, w('us-1', 'z', 4, 5, { outcome: 'info' }), r('us-1', 'a', 6, 7)),
    );
    expect(withInfo.staleReads.count).toBe(1);
    expect(withInfo.readYourWrites.count).toBe(0);
    const without = check(
      ops(...base, w('us-1', 'z', 4, 5, { outcome: 'fail' }), r('us-1', 'a', 6, 7)),
    );
    expect(without.readYourWrites.count).toBe(1);
  });

  it('a cas {from, to} writes `to`', () => {
    const cas = { p: 'eu-1', f: 'cas', value: { from: 'a', to: 'b' }, at: 2, done: 3 };
    const c = check(ops(w('us-1', 'a', 0, 1), cas, r('us-2', 'a', 4, 5), r('us-2', 'b', 6, 7)));
    expect(c.staleReads.count).toBe(1);
    expect(c.impossibleReads.garbage).toBe(0);
  });

  it('probe keys are not judged by register checks', () => {
    const c = check(
      ops(
        w('probe-us', 'a', 0, 1, { key: 'probe:us' }),
        r('probe-eu', null, 2, 3, { key: 'probe:us' }),
      ),
    );
    expect(c.staleReads).toMatchObject({ count: 0, reads: 0 });
  });
});

describe('impossible reads', () => {
  it('classifies garbage, aborted and future reads', () => {
    const c = check(
      ops(
        r('us-1', 'nobody', 0, 1),
        w('eu-1', 'x', 0, 1, { outcome: 'fail' }),
        r('us-1', 'x', 2, 3),
        r('us-2', 'later', 2, 3),
        w('eu-2', 'later', 4, 5),
      ),
    );
    expect(c.impossibleReads).toMatchObject({ garbage: 1, aborted: 1, future: 1 });
    expect(c.staleReads.count).toBe(0);
  });

  it('an impossible read fails the verdict even without an SLO naming it', () => {
    const report = evaluate({ history: historyOf(ops(r('us-1', 'nobody', 0, 1))) });
    expect(report.verdict).toBe('fail');
    expect(report.slos).toEqual([
      expect.objectContaining({ name: 'impossible_reads', measured: 1, pass: false }),
    ]);
  });
});

describe('monotonic reads', () => {
  it('counts an older value or null after a newer one in the same session', () => {
    const c = check(
      ops(
        w('eu-1', 'a', 0, 1),
        w('eu-1', 'b', 2, 3),
        r('us-1', 'b', 4, 5),
        r('us-1', 'a', 6, 7),
        r('us-1', null, 8, 9),
      ),
    );
    expect(c.monotonicReads.count).toBe(2);
  });

  it('does not compare reads across sessions or of concurrent writes', () => {
    const c = check(
      ops(
        w('eu-1', 'a', 0, 1),
        w('eu-2', 'b', 0, 3),
        r('us-1', 'b', 4, 5),
        r('us-1', 'a', 6, 7),
        w('eu-1', 'c', 8, 9),
        r('us-2', 'c', 10, 11),
        r('us-2', 'q', 12, 13, { key: 'other', outcome: 'info' }),
        r('us-2', 'a', 14, 15),
      ),
    );
    expect(c.monotonicReads.count).toBe(0);
  });
});

describe('lost writes and divergence', () => {
  const list = ops(w('us-1', 'a', 0, 1), w('eu-1', 'b', 2, 3));

  it('a final value older than an acknowledged write loses it', () => {
    const c = check(list, finalOf({ us: { k: 'a' }, eu: { k: 'a' } }));
    expect(c.lostWrites).toMatchObject({ count: 1, keys: ['k'] });
  });

  it('a key absent everywhere loses every acknowledged write', () => {
    expect(check(list, finalOf({ us: {}, eu: {} })).lostWrites.count).toBe(2);
  });

  it('regions that disagree are divergence, not lost writes', () => {
    const c = check(list, finalOf({ us: { k: 'a' }, eu: { k: 'b' } }));
    expect(c.divergence.keys).toEqual(['k']);
    expect(c.lostWrites.count).toBe(0);
  });

  it('a key missing in one region diverges', () => {
    expect(check(list, finalOf({ us: { k: 'b' }, eu: {} })).divergence.keys).toEqual(['k']);
  });
});
