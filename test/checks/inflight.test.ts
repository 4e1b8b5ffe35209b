// In-flight fate: hand-built cases and a property test against the brute-force reference on
// random router histories with retried logical operations.
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { faultSteps } from '../../src/checks/faults.js';
import { checkFailover } from '../../src/checks/failover.js';
import { checkInFlight } from '../../src/checks/inflight.js';
import type { Op } from '../../src/history/ops.js';
import type { RunEvent } from '../../src/model.js';
import { ops, tableOf, type OpSpec } from './helpers.js';
import { referenceInFlight } from './reference.js';

const kill = (start: number, end: number): RunEvent[] => [
  { time: start, type: 'fault-start', id: 's1', fault: 'kill-region', regions: ['eu'] },
  { time: end, type: 'fault-end', id: 's1', fault: 'kill-region', regions: ['eu'] },
];
const op = (
  p: string,
  at: number,
  done: number,
  outcome: OpSpec['outcome'],
  logical?: string,
): OpSpec => ({
  p,
  key: `k-${p}-${at}`,
  value: `${p}:${at}`,
  at,
  done,
  outcome,
  via: 'router',
  region: 'us',
  ...(logical && { logical }),
});

describe('in-flight fate', () => {
  it('counts the ops in flight at the start by outcome, and the logical ops a retry saved', () => {
    const history = ops(
      op('router-1', 900, 1500, 'info', 'A'), // caught, then retried: saved
      op('router-1.1', 1600, 1700, 'ok', 'A'),
      op('router-2', 950, 1200, 'fail'), // caught, not retried
      op('router-3', 990, 2000, 'info', 'C'), // caught, retried in vain
      op('router-3.1', 2100, 3000, 'info', 'C'),
      op('router-4', 1000, 1010, 'ok'), // invoked at the start: caught
      op('router-5', 500, 1000, 'ok'), // completed at the start: not in flight
    );
    const [fate] = checkInFlight(history, faultSteps(kill(1000, 5000)), 0.99);
    expect(fate).toMatchObject({ step: 's1', region: 'eu', ops: 4, ok: 1, fail: 1, info: 2 });
    expect(fate).toMatchObject({ logical: 4, succeeded: 2 });
  });

  it('users with retries see the failover end when their logical operations succeed', () => {
    // Every attempt between 1 s and 3 s fails; each is retried until one succeeds at 3.2 s.
    const history = ops(
      op('router-1', 1000, 1400, 'info', 'A'),
      op('router-1.1', 1500, 2900, 'info', 'A'),
      op('router-1.2', 3000, 3200, 'ok', 'A'),
      op('router-2', 3300, 3400, 'ok'),
    );
    const [fate] = checkInFlight(history, faultSteps(kill(1000, 4000)), 0.99);
    // Per attempt, the 1-2 s window fails; per logical op only one op ends (ok, at 3.2 s).
    expect(fate!.failoverMs).toBe(2200);
    expect(fate!.logicalFailoverMs).toBe(2200);
    const saved = ops(
      op('router-1', 1000, 1400, 'info', 'A'),
      op('router-1.1', 1500, 1700, 'ok', 'A'),
    );
    const [quick] = checkInFlight(saved, faultSteps(kill(1000, 4000)), 0.99);
    expect(quick!.failoverMs).toBeNull(); // the info's window never recovers per attempt
    expect(quick!.logicalFailoverMs).toBe(700);
  });

  it('no region fault, no entry', () => {
    const history = ops(op('router-1', 0, 10, 'ok'));
    const partition: RunEvent[] = [
      { time: 5, type: 'fault-start', id: 's1', fault: 'partition', regions: ['us', 'eu'] },
    ];
    expect(checkInFlight(history, faultSteps(partition), 0.99)).toEqual([]);
  });

  it('without a region fault, neither it nor failover reads an operation (issue 15: memory)', () => {
    // Reading them made every op an object: 10M ops held ~1.5 GB for an empty answer.
    const untouchable: Iterable<Op> = {
      [Symbol.iterator]: () => {
        throw new Error('read the operations');
      },
    };
    const partition: RunEvent[] = [
      { time: 5, type: 'fault-start', id: 's1', fault: 'partition', regions: ['us', 'eu'] },
    ];
    expect(checkInFlight(untouchable, faultSteps(partition), 0.99)).toEqual([]);
    expect(checkFailover(untouchable, faultSteps(partition), 0.99)).toEqual([]);
  });

  it('read from columns, only the ops caught at the start become objects (issue 15: memory)', () => {
    // Router attempts all through the run, retried in pairs: as objects, a 10M-op run held GBs.
    const specs = Array.from({ length: 400 }, (_, i) =>
      op(
        `router-${i % 4}`,
        i * 50,
        i * 50 + 40 + (i % 3) * 20,
        i % 7 === 0 ? 'fail' : 'ok',
        `L${i >> 1}`,
      ),
    );
    const history = ops(...specs.map((s, i) => ({ ...s, value: `v${i}` })));
    const steps = faultSteps(kill(10_010, 12_000));
    const table = tableOf(history);
    const made = vi.spyOn(table, 'op');
    const [fate] = checkInFlight(table, steps, 0.99);
    expect(fate).toEqual(checkInFlight(history, steps, 0.99)[0]);
    expect(fate!.ops).toBeGreaterThan(0);
    expect(made.mock.calls.length).toBe(fate!.ops);
    made.mockClear();
    expect(checkFailover(table, steps, 0.99)).toEqual(checkFailover(history, steps, 0.99));
    expect(made).not.toHaveBeenCalled();
  });

  it('agrees with the brute-force reference on random runs with retries', () => {
    const attempt = fc.record({
      gap: fc.integer({ min: 0, max: 6 }).map((x) => x * 100),
      dur: fc.integer({ min: 0, max: 8 }).map((x) => x * 100),
      outcome: fc.constantFrom('ok', 'fail', 'info', 'info'),
      retry: fc.boolean(),
    });
    const run = fc.record({
      ops: fc.array(attempt, { minLength: 1, maxLength: 40 }),
      start: fc.integer({ min: 0, max: 30 }).map((x) => x * 100),
      length: fc.integer({ min: 1, max: 60 }).map((x) => x * 100),
      target: fc.constantFrom(0.5, 0.99),
    });
    let caught = 0;
    let differ = 0;
    fc.assert(
      fc.property(run, (r) => {
        const clock = [0, 0, 0];
        const session = [0, 0, 0];
        const current: (string | undefined)[] = [undefined, undefined, undefined];
        const specs = r.ops.map((a, i) => {
          const p = i % 3;
          const at = clock[p]! + a.gap;
          clock[p] = at + a.dur;
          // An attempt after an info may be a retry of the same logical op.
          const logical = a.retry && current[p] ? current[p] : `L${i}`;
          current[p] = a.outcome === 'info' ? logical : undefined;
          const name = session[p] === 0 ? `router-${p}` : `router-${p}.${session[p]}`;
          if (a.outcome === 'info') session[p]! += 1;
          const attempt = op(name, at, at + a.dur, a.outcome as OpSpec['outcome'], logical);
          return { ...attempt, value: `${name}:${i}` }; // unique, as a run directory's must be
        });
        const history = ops(...specs);
        const end = r.start + r.length;
        const steps = faultSteps(kill(r.start, end));
        const [fast] = checkInFlight(history, steps, r.target);
        const ref = referenceInFlight(history, r.start, end, r.target);
        caught += ref.ops;
        if (ref.failoverMs !== ref.logicalFailoverMs) differ++;
        expect(fast).toEqual({ step: 's1', region: 'eu', ...ref });
        // Read from columns (a run directory), the answer is the same.
        expect(checkInFlight(tableOf(history), steps, r.target)).toEqual([fast]);
        // Every fourth op that has no retry carries no logical id: a logical op of its own.
        const retried = new Set(
          history.map((o) => o.logical).filter((l, i, all) => all.indexOf(l) !== i),
        );
        const alone = history.map((o, i) =>
          i % 4 === 0 && !retried.has(o.logical) ? { ...o, logical: undefined } : o,
        );
        const expected = [
          { step: 's1', region: 'eu', ...referenceInFlight(alone, r.start, end, r.target) },
        ];
        expect(checkInFlight(alone, steps, r.target)).toEqual(expected);
        expect(checkInFlight(tableOf(alone), steps, r.target)).toEqual(expected);
      }),
      // A fixed seed: the guards below count over the sample (3 to 12 runs of 500 had retries
      // change the failover time over 12 random seeds; a random seed failed it now and then).
      { numRuns: 500, seed: 5 },
    );
    // Not vacuous: ops are caught, and retries change the failover time in some runs.
    expect(caught).toBeGreaterThan(200);
    expect(differ).toBeGreaterThan(2);
  });
});
