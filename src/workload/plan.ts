// The sequence of operations a workload issues, as a pure function of the spec and the seed:
// which client group issues it, which function, which key, how much. Timing and which
// process of the group runs it are decided at run time; this sequence is what `--seed` replays.
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

/** Returns the next planned op on each call; groups are picked in proportion to their size. */
export function opPlanner(spec: WorkloadSpec, groups: ClientGroup[], rng: Rng): () => OpPlan {
  const total = groups.reduce((sum, group) => sum + group.size, 0);
  let seq = 0;
  const pickGroup = (): string => {
    let ticket = rng.int(total);
    const group = groups.find((candidate) => (ticket -= candidate.size) < 0);
    return (group ?? groups[0]!).name;
  };
  return () => {
    const group = pickGroup();
    return { seq: seq++, group, ...chooseOp(spec, rng) };
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
