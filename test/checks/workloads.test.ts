// Bank, counter, availability and latency checks on hand-built runs (lag: lag.test.ts).
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/checks/index.js';
import type { Op } from '../../src/history/ops.js';
import type { FinalState } from '../../src/model.js';
import { finalOf, historyOf, ops, w, type OpSpec } from './helpers.js';

const check = (
  list: Op[],
  final: FinalState | null = null,
  scenario: Record<string, unknown> = {},
) => evaluate({ history: historyOf(list), final, scenario }).checks;

const withdraw = (
  p: string,
  amount: number,
  at: number,
  outcome: OpSpec['outcome'] = 'ok',
): OpSpec => ({
  p,
  f: 'withdraw',
  key: 'acct-1',
  value: { amount },
  at,
  done: at + 1,
  outcome,
});
const add = (p: string, n: number, at: number, outcome: OpSpec['outcome'] = 'ok'): OpSpec => ({
  p,
  f: 'add',
  key: 'hits',
  value: n,
  at,
  done: at + 1,
  outcome,
});

describe('bank', () => {
  const approved = [
    withdraw('us-1', 60, 0),
    withdraw('eu-1', 50, 0),
    withdraw('eu-2', 500, 5, 'fail'),
  ];

  it('counts an overdraft when approved withdrawals exceed the initial balance', () => {
    const c = check(ops(...approved), finalOf({ us: { 'acct-1': -10 }, eu: { 'acct-1': -10 } }));
    expect(c.bank).toMatchObject({ overdrafts: 1, drift: 0, overdraftAmount: 10 });
  });

  it('counts drift when a final balance is not initial − approved; info withdrawals may have happened', () => {
    const list = ops(...approved, withdraw('us-2', 30, 9, 'info'));
    expect(check(list, finalOf({ us: { 'acct-1': -40 }, eu: { 'acct-1': -10 } })).bank.drift).toBe(
      0,
    );
    const drifted = check(list, finalOf({ us: { 'acct-1': 40 }, eu: { 'acct-1': -10 } })).bank;
    expect(drifted).toMatchObject({ drift: 1, driftAmount: 50 });
  });

  it('a refusal for insufficient funds (ok, approved: false) moves no money', () => {
    const refused = { ...withdraw('eu-3', 70, 7), value: { amount: 70, approved: false } };
    const list = ops(withdraw('us-1', 60, 0), refused, withdraw('eu-1', 40, 9));
    const c = check(list, finalOf({ us: { 'acct-1': 0 }, eu: { 'acct-1': 0 } }));
    expect(c.bank).toMatchObject({ overdrafts: 0, drift: 0 });
    expect(c.availability.overall).toBe(1);
  });

  it("takes `approved` from the withdraw's ok line, not from its invoke", () => {
    const base = { process: 'eu-1', region: 'eu', via: 'direct' as const, f: 'withdraw' };
    const history = [
      { ...base, time: 0, type: 'invoke' as const, key: 'acct-1', value: { amount: 100 } },
      {
        ...base,
        time: 1,
        type: 'ok' as const,
        key: 'acct-1',
        value: { amount: 100, approved: true },
      },
      { ...base, time: 2, type: 'invoke' as const, key: 'acct-1', value: { amount: 100 } },
      {
        ...base,
        time: 3,
        type: 'ok' as const,
        key: 'acct-1',
        value: { amount: 100, approved: false },
      },
    ];
    const final = finalOf({ us: { 'acct-1': 0 }, eu: { 'acct-1': 0 } });
    const bank = evaluate({ history, final, scenario: {} }).checks.bank;
    expect(bank).toMatchObject({ overdrafts: 0, drift: 0 });
    history[3]!.value = { amount: 100, approved: true };
    expect(evaluate({ history, final, scenario: {} }).checks.bank).toMatchObject({
      overdrafts: 1,
      overdraftAmount: 100,
    });
  });

  it('takes the initial balance from scenario.yaml workload.balance', () => {
    const c = check(ops(...approved), finalOf({ us: { 'acct-1': 890 }, eu: { 'acct-1': 890 } }), {
      workload: { balance: 1000 },
    });
    expect(c.bank).toMatchObject({ overdrafts: 0, drift: 0 });
  });
});

describe('counters', () => {
  const adds = [
    add('us-1', 1, 0),
    add('us-1', 1, 2),
    add('eu-1', 1, 0),
    add('eu-1', 1, 2, 'info'),
    add('eu-1', 1, 4, 'fail'),
  ];

  it('allows info adds either way and counts the rest as lost', () => {
    expect(
      check(ops(...adds), finalOf({ us: { hits: 4 }, eu: { hits: 3 } })).counters.lostIncrements,
    ).toBe(0);
    expect(
      check(ops(...adds), finalOf({ us: { hits: 1 }, eu: { hits: 3 } })).counters.lostIncrements,
    ).toBe(2);
    expect(
      check(ops(...adds), finalOf({ us: { hits: 6 }, eu: { hits: 3 } })).counters.lostIncrements,
    ).toBe(2);
  });
});

describe('availability and latency', () => {
  it('ok / all per region and per phase around each fault', () => {
    const list = ops(
      w('us-1', 'a', 0, 10),
      w('us-1', 'b', 20, 30, { outcome: 'fail' }),
      w('eu-1', 'c', 40, 60, { outcome: 'info' }),
      w('eu-1', 'd', 70, 90),
    );
    const events = [
      {
        time: 15,
        type: 'fault-start' as const,
        id: 's1',
        fault: 'kill-region' as const,
        regions: ['eu'],
      },
      {
        time: 65,
        type: 'fault-end' as const,
        id: 's1',
        fault: 'kill-region' as const,
        regions: ['eu'],
      },
    ];
    const report = evaluate({ history: historyOf(list), events });
    const phase = (phase: string, startMs: number, endMs: number, ok: number, entry: string) => ({
      phase,
      startMs,
      endMs,
      ops: 1,
      overall: ok,
      byEntry: { [entry]: ok },
    });
    expect(report.checks.availability).toEqual({
      overall: 0.5,
      byEntry: { eu: 0.5, us: 0.5 },
      byPhase: [
        phase('before', 0, 15, 1, 'us'),
        { ...phase('during:s1', 15, 65, 0, 'us'), ops: 2, byEntry: { eu: 0, us: 0 } },
        phase('after:s1', 65, 90, 1, 'eu'),
      ],
    });
    expect(report.checks.latency.byEntry.us?.p50).toBe(10);
    expect(report.checks.latency.byEntry.eu?.p99).toBe(20);
  });
});
