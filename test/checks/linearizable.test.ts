// Hand-built linearizability cases (docs/checks.md "Linearizability"): info writes that take
// effect late or never, cas on an absent key, reads of null, concurrent writes read in both
// orders, repeated values, the time budget, and the SLO row.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/checks/index.js';
import { checkLinearizability } from '../../src/checks/linearizable/index.js';
import type { Op } from '../../src/history/ops.js';
import { ops, r, w, type OpSpec } from './helpers.js';

const BIG = { runMs: 60_000, keyMs: 60_000 };
const check = (list: Op[]) => checkLinearizability(list, BIG);
const verdict = (...specs: OpSpec[]) => {
  const res = check(ops(...specs));
  return res.illegal.length > 0 ? 'illegal' : res.unknown.length > 0 ? 'unknown' : 'ok';
};
const cas = (p: string, from: unknown, to: unknown, at: number, done: number, extra = {}) =>
  ({ p, f: 'cas', value: { from, to }, at, done, ...extra }) as OpSpec;

describe('info writes', () => {
  it('may take effect long after their invoke', () => {
    expect(
      verdict(
        w('a', 'x', 0, 10),
        w('b', 'y', 5, 6, { outcome: 'info' }),
        r('c', 'x', 20, 30),
        r('c', 'y', 100, 110),
      ),
    ).toBe('ok');
  });
  it('take effect once: a later read of the older value is illegal', () => {
    expect(
      verdict(
        w('a', 'x', 0, 10),
        w('b', 'y', 5, 6, { outcome: 'info' }),
        r('c', 'y', 100, 110),
        r('c', 'x', 120, 130),
      ),
    ).toBe('illegal');
  });
  it('may never take effect', () => {
    expect(
      verdict(
        w('a', 'x', 0, 10),
        w('b', 'y', 5, 6, { outcome: 'info' }),
        r('c', 'x', 20, 30),
        r('c', 'x', 900, 901),
      ),
    ).toBe('ok');
  });
  it('failed writes never take effect', () => {
    expect(
      verdict(w('a', 'x', 0, 10), w('b', 'y', 5, 6, { outcome: 'fail' }), r('c', 'y', 20, 30)),
    ).toBe('illegal');
  });
});

describe('cas', () => {
  it('from null succeeds on an absent key', () => {
    expect(verdict(cas('a', null, 'x', 0, 10), r('b', 'x', 20, 30))).toBe('ok');
  });
  it('from a value cannot succeed on an absent key', () => {
    expect(verdict(cas('a', 'z', 'x', 0, 10), r('b', 'x', 20, 30))).toBe('illegal');
  });
  it('answered "compare failed" on an absent key when it expected absent is illegal', () => {
    expect(
      verdict(
        cas('a', null, 'x', 0, 10, {
          outcome: 'fail',
          value: { from: null, to: 'x', applied: false },
        }),
      ),
    ).toBe('illegal');
    expect(
      verdict(
        cas('a', 'z', 'x', 0, 10, {
          outcome: 'fail',
          value: { from: 'z', to: 'x', applied: false },
        }),
      ),
    ).toBe('ok');
  });
  it('an unanswered cas applies only if its compare holds, or never', () => {
    expect(
      verdict(
        w('a', 'x', 0, 1),
        cas('b', 'x', 'y', 2, 3, { outcome: 'info' }),
        r('c', 'y', 10, 11),
      ),
    ).toBe('ok');
    expect(
      verdict(
        w('a', 'z', 0, 1),
        cas('b', 'x', 'y', 2, 3, { outcome: 'info' }),
        r('c', 'y', 10, 11),
      ),
    ).toBe('illegal');
  });
});

describe('reads of null', () => {
  it('before any write, or concurrent with the first, are legal', () => {
    expect(
      verdict(r('a', null, 0, 1), w('b', 'x', 2, 10), r('c', null, 3, 4), r('c', 'x', 11, 12)),
    ).toBe('ok');
  });
  it('after an acknowledged write, are illegal', () => {
    expect(verdict(w('b', 'x', 0, 10), r('c', null, 11, 12))).toBe('illegal');
  });
});

describe('concurrent writes', () => {
  // Both writes are in flight while the reads happen.
  const writes = [w('a', 'x', 0, 100), w('b', 'y', 0, 100)];
  it('read in one order by every process are legal', () => {
    expect(verdict(...writes, r('c', 'x', 20, 25), r('c', 'y', 30, 35), r('d', 'y', 40, 45))).toBe(
      'ok',
    );
  });
  it('read in both orders by different processes are illegal, with a counterexample', () => {
    const res = check(
      ops(
        ...writes,
        r('c', 'x', 20, 25),
        r('c', 'y', 30, 35),
        r('d', 'y', 20, 25),
        r('d', 'x', 30, 35),
      ),
    );
    expect(res.illegal).toEqual(['k']);
    const c = res.counterexamples![0]!;
    expect(c.key).toBe('k');
    // At most five of the six ops linearize: one read of the second pair cannot follow.
    expect(c.prefixLength).toBe(5);
    expect(c.blocked.role).toBe('blocked');
    expect(c.blocked.f).toBe('read');
    expect(c.blocked.value).not.toEqual(c.state);
    expect(c.window.some((o) => o.role === 'blocked')).toBe(true);
    expect(res.evidence![0]!.note).toContain('cannot follow');
  });
});

describe('values', () => {
  it('need not be unique: a value written twice may be read after the second write', () => {
    expect(
      verdict(w('a', 'x', 0, 1), w('a', 'y', 2, 3), w('b', 'x', 4, 5), r('c', 'x', 6, 7)),
    ).toBe('ok');
    expect(verdict(w('a', 'x', 0, 1), w('a', 'y', 2, 3), r('c', 'x', 6, 7))).toBe('illegal');
  });
  it('compare as JSON, whatever the key order', () => {
    expect(verdict(w('a', { u: 1, v: 2 }, 0, 1), r('c', { v: 2, u: 1 }, 2, 3))).toBe('ok');
  });
  it('probe keys and keys of withdraw/add ops are not judged', () => {
    const res = check(
      ops(
        w('a', 'x', 0, 1, { key: 'probe:us' }),
        r('b', 'zz', 2, 3, { key: 'probe:us' }),
        { p: 'a', f: 'add', key: 'c', value: 1, at: 0, done: 1 },
        r('b', 9, 2, 3, { key: 'c' }),
        r('b', null, 2, 3),
      ),
    );
    expect(res).toMatchObject({ keys: 1, ok: 1, illegal: [], unknown: [] });
  });
});

describe('time budget', () => {
  // A clock that advances 1 ms at every look: the search looks once per 1024 steps.
  const ticking = () => {
    let t = 0;
    return () => t++;
  };
  // Many concurrent writes and reads of values nobody can order: a long search.
  const hard = (key: string): OpSpec[] => [
    ...Array.from({ length: 8 }, (_, i) => w(`w${i}`, `v${i}`, 0, 100, { key })),
    ...Array.from({ length: 8 }, (_, i) => r(`r${i}`, `v${(i * 5) % 8}`, 0, 100, { key })),
    r('z', 'nobody-wrote-this', 200, 201, { key }),
  ];
  it('a key that runs out of its budget is unknown, and the next key is still judged', () => {
    const res = checkLinearizability(
      ops(...hard('slow'), w('a', 'x', 0, 1, { key: 'easy' })),
      { runMs: 1e9, keyMs: 3 },
      undefined,
      ticking(),
    );
    expect(res.unknown).toEqual(['slow']);
    expect(res.ok).toBe(1);
  });
  it('once the run budget is spent, the remaining keys are unknown without a search', () => {
    const res = checkLinearizability(
      ops(...hard('slow'), w('a', 'x', 0, 1, { key: 'easy' })),
      { runMs: 3, keyMs: 1e9 },
      undefined,
      ticking(),
    );
    expect(res.unknown).toEqual(['slow', 'easy']);
  });
  it('with time enough the same key is illegal', () => {
    expect(check(ops(...hard('slow'))).illegal).toEqual(['slow']);
  });
});

describe('SLO linearizable: true', () => {
  const history = (list: Op[]) => ({ ops: list, events: [], final: null });
  it('passes on a linearizable history, measured 0 illegal keys', () => {
    const report = evaluate({
      ...history(ops(w('a', 'x', 0, 1), r('b', 'x', 2, 3))),
      slo: { linearizable: true },
    });
    expect(report.slos).toEqual([
      { name: 'linearizable', target: 'true', measured: 0, pass: true },
    ]);
    expect(report.checks.linearizability).toMatchObject({
      keys: 1,
      ok: 1,
      illegal: [],
      unknown: [],
    });
  });
  it('fails with the number of illegal keys and a counterexample as evidence', () => {
    const report = evaluate({
      ...history(
        ops(
          w('a', 'x', 0, 1),
          r('b', null, 2, 3),
          w('a', 'y', 0, 1, { key: 'k2' }),
          r('b', null, 2, 3, { key: 'k2' }),
        ),
      ),
      slo: { linearizable: true },
    });
    expect(report.slos[0]).toMatchObject({ name: 'linearizable', measured: 2, pass: false });
    expect(report.slos[0]!.evidence![0]).toContain('key k: ');
    expect(report.verdict).toBe('fail');
  });
  it('is refused with any target but true', () => {
    expect(() =>
      evaluate({ ...history(ops(w('a', 'x', 0, 1))), slo: { linearizable: 0 } }),
    ).toThrow(/takes the target true/);
  });
  it('is absent from the report unless asked for', () => {
    const report = evaluate({ ...history(ops(w('a', 'x', 0, 1))), slo: {} });
    expect(report.checks.linearizability).toBeUndefined();
    const asked = evaluate({ ...history(ops(w('a', 'x', 0, 1))), slo: {}, lin: BIG });
    expect(asked.checks.linearizability?.keys).toBe(1);
  });
});
