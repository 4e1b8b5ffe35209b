// Runs every check over one run's data. A check that throws yields an empty result and an
// `unknown` entry, never a crash: the other checks' findings still reach the report.
import { scanOps, type OpSource } from '../history/table.js';
import type { FinalState, RegionName, Report, RunEvent, StoreCounters } from '../model.js';
import { checkConvergence } from './convergence.js';
import { faultSteps } from './faults.js';
import { checkDivergence } from './final.js';
import { checkRehearsal } from './rehearsal.js';
import { keyChecks, runKeyChecks, type KeyPass } from './key-pass.js';
import type { LinearizabilityBudget } from './linearizable/index.js';
import type { ValueAlias } from './linearizable/model.js';
import { WholeRun } from './whole-run.js';

type Checks = Report['checks'];

export interface CheckInput {
  /** The operations: an array, or the columns of a history read from disk. */
  ops: OpSource;
  events: RunEvent[];
  final: (FinalState & { initial?: Record<string, unknown> }) | null;
  /** Initial balance of every account (scenario `workload.balance`, default 100). */
  balance: number;
  availabilityTarget: number;
  /** The scenario's regions (topology.regions), when known. */
  regions?: RegionName[];
  /** The router's weight per region, when it has any (even otherwise). */
  routerWeights?: Record<RegionName, number>;
  /** store-counters.json, when the run recorded the store's own counters. */
  storeCounters?: StoreCounters | null;
  /** Turns the linearizability check on, with its time budget (off when absent: it is a search). */
  linearizability?: { budget: LinearizabilityBudget; alias?: ValueAlias };
}

export const EMPTY_CHECKS: Checks = {
  staleReads: {
    count: 0,
    reads: 0,
    ratePer10k: 0,
    byRegion: {},
    stalenessMs: { p50: 0, p99: 0, max: 0 },
  },
  readYourWrites: { count: 0 },
  monotonicReads: { count: 0 },
  impossibleReads: { garbage: 0, aborted: 0, future: 0 },
  lostWrites: { count: 0, keys: [] },
  splitBrainWrites: { pairs: 0, keys: [] },
  divergence: { keys: [] },
  finalImpossible: { count: 0, keys: [] },
  bank: { overdrafts: 0, drift: 0 },
  counters: { lostIncrements: 0 },
  duplicateEffects: { count: 0, amount: 0, keys: [], candidates: 0 },
  replicationLag: { p50: 0, p95: 0, p99: 0, max: 0, uncovered: 0, byDirection: {} },
  conflictRate: { store: null, history: null, writes: 0, conflicts: 0, storeConflicts: null },
  convergence: { maxMs: 0, unconverged: 0 },
  failover: [],
  inFlight: [],
  availability: { overall: 1, byEntry: {}, byPhase: [] },
  latency: { byEntry: {} },
  trafficDistribution: { skew: null, byPhase: [] },
  rehearsal: { actions: [], probes: [], waits: [], manual: [] },
  response: [],
};

/** `keyPass`: the per-key checks already run over every key (on threads: ./key-threads.ts);
 * without it they run here. */
export function runAllChecks(
  input: CheckInput,
  keyPass?: KeyPass,
  fed?: WholeRun,
): { checks: Checks; unknown: Report['unknown']; whole: WholeRun } {
  const checks: Checks = structuredClone(EMPTY_CHECKS);
  const unknown: NonNullable<Report['unknown']> = [];
  const attempt = <K extends keyof Checks>(name: K, run: () => Checks[K]) => {
    try {
      checks[name] = run();
    } catch (err) {
      unknown.push({ check: name, error: (err as Error)?.message ?? String(err) });
    }
  };
  const { ops, events, final } = input;
  const steps = faultSteps(events);
  // One pass over the ops feeds every whole-run figure (a second one in-flight fate's), unless
  // `fed` was fed them as the history was read (./batches.ts).
  const whole = fed ?? new WholeRun(input, steps);
  if (!fed) for (const op of scanOps(ops)) whole.add(op);
  if (whole.needsAgain) for (const op of scanOps(ops)) whole.again(op);
  whole.againFed = true;
  const coverage = () => whole.probeCoverage();
  // One pass over the keys feeds every per-key check; each result is then taken in the
  // report's order, so a check that threw is reported unknown where it always was.
  const perKey = keyPass ?? runKeyChecks(ops, keyChecks({ ...keyInput(input), steps, coverage }));
  const keyed = <K extends keyof Checks>(name: K) => perKey.result(name) as Checks[K];
  attempt('staleReads', () => {
    checks.readYourWrites = perKey.result('readYourWrites') as Checks['readYourWrites'];
    return keyed('staleReads');
  });
  attempt('impossibleReads', () => keyed('impossibleReads'));
  attempt('monotonicReads', () => keyed('monotonicReads'));
  attempt('lostWrites', () => keyed('lostWrites'));
  attempt('splitBrainWrites', () => keyed('splitBrainWrites'));
  attempt('divergence', () => checkDivergence(final));
  attempt('finalImpossible', () => keyed('finalImpossible'));
  attempt('bank', whole.bank);
  attempt('counters', whole.counters);
  attempt('duplicateEffects', whole.duplicateEffects);
  attempt('replicationLag', whole.replicationLag);
  attempt('conflictRate', () => keyed('conflictRate'));
  attempt('convergence', () => checkConvergence(steps, events));
  attempt('failover', whole.failover);
  attempt('inFlight', whole.inFlight);
  attempt('availability', whole.availability);
  attempt('latency', whole.latency);
  attempt('trafficDistribution', whole.trafficDistribution);
  if (input.linearizability) attempt('linearizability', () => keyed('linearizability'));
  attempt('rehearsal', () => checkRehearsal(events));
  attempt('response', whole.response);
  dropEmptyEvidence(checks);
  return { checks, unknown, whole };
}

/** What the per-key checks read of the input (./key-pass.ts). */
export const keyInput = (input: CheckInput) => ({
  final: input.final,
  storeCounters: input.storeCounters ?? null,
  linearizability: input.linearizability,
});

/** Evidence is there to explain a failure: a clean check carries none. */
function dropEmptyEvidence(checks: Checks): void {
  for (const result of Object.values(checks) as { evidence?: unknown[] }[]) {
    if (Array.isArray(result.evidence) && result.evidence.length === 0) delete result.evidence;
  }
}
