// The sequence of operations a workload issues, as a pure function of the spec and the seed:
// which client group and which of its clients issues it, when it falls due, which function,
// which key, how much. Nothing here depends on timing, so `--seed` replays the same invokes:
// within a group, ops go to its clients in turn (us-1, us-2, ..., us-1), never to whichever
// happens to be idle; an op whose client is still busy is dropped and counted (workload.ts).
import type { Rng } from './rng.js';
import type { WorkloadSpec } from './spec.js';

/** The group of clients an op goes to: a region's direct clients, or the router clients. */
export interface ClientGroup {
  name: string;
  via: 'direct' | 'router';
  size: number;
}

export interface OpPlan {
  /** Position in the sequence: makes written values unique (`us-3:41`). */
  seq: number;
  group: string;
  /** The client of the group that issues it, from 1: process `<group>-<client>`. */
  client: number;
  /** When it falls due, in ms after the workload starts (the open loop's schedule). */
  dueMs: number;
  f: 'read' | 'write' | 'cas' | 'withdraw' | 'add';
  key: string;
  /** withdraw: `amount` of the spec; add: 1. */
  amount?: number;
}

export const ROUTER_GROUP = 'router';

export function clientGroups(spec: WorkloadSpec, regions: string[]): ClientGroup[] {
  const direct = regions.map((name) => ({ name, via: 'direct' as const, size: spec.clients }));
  const router = { name: ROUTER_GROUP, via: 'router' as const, size: spec.routerClients };
  return [...direct, router].filter((group) => group.size > 0);
}

export function registerKey(i: number): string {
  return `k${i}`;
}

export function accountKey(i: number): string {
  return `acct-${i + 1}`;
}

export function counterKey(i: number): string {
  return `c${i}`;
}

/** The process id of a group's client (`us-3`, `router-1`). */
export function clientName(group: string, client: number): string {
  return `${group}-${client}`;
}

/** Returns the next planned op on each call; groups are picked in proportion to their size,
 * and each group's ops go to its clients in turn. */
export function opPlanner(spec: WorkloadSpec, groups: ClientGroup[], rng: Rng): () => OpPlan {
  const total = groups.reduce((sum, group) => sum + group.size, 0);
  const turns = new Map<string, number>();
  let seq = 0;
  const pickGroup = (): ClientGroup => {
    let ticket = rng.int(total);
    return groups.find((candidate) => (ticket -= candidate.size) < 0) ?? groups[0]!;
  };
  return () => {
    const group = pickGroup();
    const turn = turns.get(group.name) ?? 0;
    turns.set(group.name, turn + 1);
    const client = (turn % group.size) + 1;
    // The scheduler hands out op n once floor(elapsed × rate / 1000) exceeds n.
    const dueMs = ((seq + 1) * 1000) / spec.rate;
    return { seq: seq++, group: group.name, client, dueMs, ...chooseOp(spec, rng) };
  };
}

function chooseOp(spec: WorkloadSpec, rng: Rng): Pick<OpPlan, 'f' | 'key' | 'amount'> {
  switch (spec.kind) {
    case 'withdraw':
      return { f: 'withdraw', key: accountKey(rng.int(spec.accounts)), amount: spec.amount };
    case 'counter':
      return { f: 'add', key: counterKey(rng.int(spec.keys)), amount: 1 };
    case 'register': {
      const key = registerKey(rng.int(spec.keys));
      const roll = rng.next();
      if (roll < spec.readRatio) return { f: 'read', key };
      return { f: roll < spec.readRatio + spec.casRatio ? 'cas' : 'write', key };
    }
  }
}
