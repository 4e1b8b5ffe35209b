// Client retries against a scripted target (a pure test of the workload's own logic): which
// outcomes are retried, how attempts are recorded and linked, what each attempt sends.
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../model.js';
import type { Outcome, Target, WriteOptions } from '../targets/target.js';
import { runPlannedOp } from './ops.js';
import type { OpPlan } from './plan.js';
import { ClientProcess } from './process.js';
import { retryWaitMs, type RetryContext } from './retry.js';
import { StatsBook } from './stats.js';

/** A target answering writes and CASes from a script; reads answer the balance 50. */
function scripted(answers: Outcome['type'][]) {
  const sent: { value: unknown; options?: WriteOptions }[] = [];
  const answer = async (value: unknown, options?: WriteOptions): Promise<Outcome> => {
    sent.push({ value, options });
    return { type: answers.shift() ?? 'ok' };
  };
  const target: Target = {
    read: async () => ({ type: 'ok', value: 50, version: 'v' }),
    write: (_k, value, options) => answer(value, options),
    cas: (_k, _v, value, options) => answer(value, options),
    dump: async () => ({ type: 'ok', value: {} }),
    digest: async () => ({ type: 'ok' }),
    close: async () => {},
  };
  return { target, sent };
}

function client(target: Target) {
  const events: HistoryEvent[] = [];
  let now = 0;
  const context = {
    recorder: {
      record: (e: HistoryEvent) => events.push(e),
      backlogged: false,
      close: async () => {},
    },
    clock: () => now++,
    stats: new StatsBook(() => now),
  };
  return { process: new ClientProcess('us-1', 'us', 'direct', 'us', target, context), events };
}

const spec = { attempts: 3, backoffMs: 1, jitter: 0.5, idempotencyKeys: true };
const retry: RetryContext = { spec, seed: 7, nonce: 'n' };
const plan = (f: OpPlan['f']): OpPlan => ({
  seq: 41,
  group: 'us',
  client: 1,
  dueMs: 0,
  f,
  key: 'k',
  amount: 1,
});

describe('client retries', () => {
  it('retries an info attempt under a new session, same logical id, value and key', async () => {
    const { target, sent } = scripted(['info', 'info', 'ok']);
    const { process, events } = client(target);
    await runPlannedOp(process, plan('write'), retry);
    const invokes = events.filter((e) => e.type === 'invoke');
    expect(invokes.map((e) => e.process)).toEqual(['us-1', 'us-1.1', 'us-1.2']);
    expect(new Set(invokes.map((e) => e.logical))).toEqual(new Set(['us-1:41']));
    expect(new Set(invokes.map((e) => e.value))).toEqual(new Set(['us-1:41']));
    expect(events.map((e) => e.type)).toEqual(['invoke', 'info', 'invoke', 'info', 'invoke', 'ok']);
    expect(new Set(sent.map((s) => s.options?.idempotencyKey))).toEqual(new Set(['n:us-1:41']));
  });

  it('never retries after ok or fail, and stops after the last attempt', async () => {
    for (const [script, expected] of [
      [['fail'], 1],
      [['ok'], 1],
      [['info', 'fail'], 2],
      [['info', 'info', 'info', 'info'], 3],
    ] as const) {
      const { target } = scripted([...script]);
      const { process, events } = client(target);
      await runPlannedOp(process, plan('withdraw'), retry);
      expect(events.filter((e) => e.type === 'invoke')).toHaveLength(expected);
    }
  });

  it('without retries: one attempt, no logical id, no idempotency key', async () => {
    const { target, sent } = scripted(['info']);
    const { process, events } = client(target);
    await runPlannedOp(process, plan('add'));
    expect(events).toHaveLength(2);
    expect(events[0]).not.toHaveProperty('logical');
    expect(sent[0]!.options).toEqual({});
  });

  it('keys only when idempotencyKeys is true', async () => {
    const { target, sent } = scripted(['info', 'ok']);
    const { process } = client(target);
    await runPlannedOp(process, plan('add'), {
      ...retry,
      spec: { ...spec, idempotencyKeys: false },
    });
    expect(sent.map((s) => s.options)).toEqual([{}, {}]);
  });

  it('waits are seeded: the same for the same seed, op and retry, within the jitter, doubling', () => {
    const s = { attempts: 5, backoffMs: 100, jitter: 0.5, idempotencyKeys: false };
    const waits = [1, 2, 3].map((n) => retryWaitMs(s, 7, 41, n));
    expect([1, 2, 3].map((n) => retryWaitMs(s, 7, 41, n))).toEqual(waits);
    waits.forEach((w, i) => {
      expect(w).toBeGreaterThanOrEqual(50 * 2 ** i);
      expect(w).toBeLessThanOrEqual(150 * 2 ** i);
    });
    const others = Array.from({ length: 20 }, (_, seq) => retryWaitMs(s, 7, seq, 1));
    expect(new Set(others).size).toBeGreaterThan(10);
    expect(retryWaitMs({ ...s, jitter: 0 }, 7, 41, 3)).toBe(400);
  });
});
