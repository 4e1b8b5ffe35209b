// One group of keys checked apart from the others (on a worker thread: ./key-worker.ts, or
// in this thread when the worker's script is not built): what the per-key checks need of the
// run, as plain data, and the pass over the group's keys that gives its partial.
import type { FinalState, StoreCounters } from '../model.js';
import { ProbeCoverage, type CoverageData } from './coverage.js';
import type { FaultStep } from './faults.js';
import type { KeyGroup, SharedKeys } from './key-batch.js';
import { groupReader } from './key-batch.js';
import { keyChecks, KeyPass, type KeyContext, type KeyPassPartial } from './key-pass.js';
import type { LinearizabilityBudget, SpentTime } from './linearizable/index.js';

/** A KeyContext as plain data (no value alias: such runs are checked in one thread). */
export interface GroupContext {
  final: (FinalState & { initial?: Record<string, unknown> }) | null;
  storeCounters: StoreCounters | null;
  steps: FaultStep[];
  /** The probe coverage, or the message it threw with. */
  coverage: CoverageData | { error: string };
  lin?: LinearizabilityBudget;
  /** The linearizability check's time in µs, shared by every group (a BigInt64Array's). */
  spent: SharedArrayBuffer;
}

/** The linearizability check's time, one counter for every thread. */
export function sharedSpent(buffer: SharedArrayBuffer): SpentTime {
  const micros = new BigInt64Array(buffer);
  return {
    get: () => Number(Atomics.load(micros, 0)) / 1000,
    add: (ms) => void Atomics.add(micros, 0, BigInt(Math.round(ms * 1000))),
  };
}

export function keyContextOf(g: GroupContext): KeyContext {
  const { coverage } = g;
  let probes: ProbeCoverage | undefined;
  return {
    final: g.final,
    storeCounters: g.storeCounters,
    steps: g.steps,
    coverage: () => {
      if ('error' in coverage) throw new Error(coverage.error);
      return (probes ??= new ProbeCoverage(coverage));
    },
    ...(g.lin && { linearizability: { budget: g.lin } }),
    spent: sharedSpent(g.spent),
  };
}

/** A thread's checker: every key of a group through one pass gives the group's partial. */
export function groupChecker(context: GroupContext, shared: SharedKeys) {
  const ctx = keyContextOf(context);
  const read = groupReader(shared);
  return (group: KeyGroup): KeyPassPartial => {
    const pass = new KeyPass(keyChecks(ctx));
    read(group, (key, keyOps) => pass.add(key, keyOps));
    return pass.partial();
  };
}
