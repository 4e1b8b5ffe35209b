import { describe, expect, it } from 'vitest';
import { clientGroups, opPlanner, type OpPlan } from './plan.js';
import { seededRng } from './rng.js';
import type { WorkloadSpec } from './spec.js';

const spec: WorkloadSpec = {
  kind: 'register',
  rate: 100,
  clients: 3,
  routerClients: 2,
  keys: 10,
  readRatio: 0.5,
  casRatio: 0.2,
  accounts: 2,
  balance: 100,
  amount: 30,
  timeoutMs: 500,
  probeMs: 250,
};

function planSequence(seed: number, overrides: Partial<WorkloadSpec> = {}, n = 2000): OpPlan[] {
  const full = { ...spec, ...overrides };
  const next = opPlanner(full, clientGroups(full, ['us', 'eu']), seededRng(seed));
  return Array.from({ length: n }, next);
}

describe('opPlanner', () => {
  it('replays the same sequence for the same seed and a different one otherwise', () => {
    expect(planSequence(7)).toEqual(planSequence(7));
    expect(planSequence(7)).not.toEqual(planSequence(8));
  });

  it('names the client of every op: a pure function of the seed, never of who is idle', () => {
    const ops = planSequence(7);
    const processes = (plans: OpPlan[]) => plans.map((op) => `${op.group}-${op.client}`);
    expect(processes(planSequence(7))).toEqual(processes(ops));
    expect(processes(planSequence(8))).not.toEqual(processes(ops));
    // Each group's ops go to its clients in turn: us-1, us-2, us-3, us-1, ...
    for (const [group, size] of [
      ['us', 3],
      ['eu', 3],
      ['router', 2],
    ] as const) {
      const clients = ops.filter((op) => op.group === group).map((op) => op.client);
      expect(clients).toEqual(clients.map((_, i) => (i % size) + 1));
    }
  });

  it('plans op n to fall due at (n + 1) / rate seconds', () => {
    const ops = planSequence(7, { rate: 250 }, 1000);
    expect(ops.map((op) => op.dueMs)).toEqual(ops.map((_, n) => ((n + 1) * 1000) / 250));
  });

  it('spreads ops over groups in proportion to their client counts', () => {
    const counts = countBy(planSequence(1, {}, 8000), (op) => op.group);
    // us: 3, eu: 3, router: 2 clients of 8.
    expect(counts.us! / 8000).toBeCloseTo(3 / 8, 1);
    expect(counts.router! / 8000).toBeCloseTo(2 / 8, 1);
  });

  it('mixes register functions by readRatio and casRatio over the key space', () => {
    const ops = planSequence(2, {}, 10000);
    const counts = countBy(ops, (op) => op.f);
    expect(counts.read! / 10000).toBeCloseTo(0.5, 1);
    expect(counts.cas! / 10000).toBeCloseTo(0.2, 1);
    expect(new Set(ops.map((op) => op.key))).toEqual(
      new Set(Array.from({ length: 10 }, (_, i) => `k${i}`)),
    );
  });

  it('plans withdrawals of the configured amount from existing accounts', () => {
    const ops = planSequence(3, { kind: 'withdraw' });
    expect(new Set(ops.map((op) => op.key))).toEqual(new Set(['acct-1', 'acct-2']));
    expect(ops.every((op) => op.f === 'withdraw' && op.amount === 30)).toBe(true);
  });

  it('leaves out groups without clients', () => {
    expect(clientGroups({ ...spec, routerClients: 0 }, ['us']).map((g) => g.name)).toEqual(['us']);
  });
});

function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}
