// Runs every check over one run's data. A check that throws yields an empty result and an
// `unknown` entry, never a crash: the other checks' findings still reach the report.
import type { Op } from '../history/ops.js';
import type { FinalState, RegionName, Report, RunEvent, StoreCounters } from '../model.js';
import { checkAvailability } from './availability.js';
import { checkBank, checkCounters } from './bank.js';
import { checkConflictRate } from './conflicts.js';
import { checkConvergence } from './convergence.js';
import { ProbeCoverage } from './coverage.js';
import { checkFailover } from './failover.js';
import { faultSteps } from './faults.js';
import { checkDivergence, checkLostWrites } from './final.js';
import { checkFinalImpossible } from './final-impossible.js';
import { checkImpossibleReads } from './impossible.js';
import { checkReplicationLag } from './lag.js';
import { checkLatency } from './latency.js';
import { checkMonotonicReads } from './monotonic.js';
import { phasesOf, timelineSpan } from './phases.js';
import { indexRegisters } from './registers.js';
import { checkSplitBrain } from './splitbrain.js';
import { checkStaleReads } from './stale.js';
import { checkTrafficDistribution, regionsOf } from './traffic.js';

type Checks = Report['checks'];

export interface CheckInput {
  ops: Op[];
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
  replicationLag: { p50: 0, p95: 0, p99: 0, max: 0, uncovered: 0, byDirection: {} },
  conflictRate: { store: null, history: null, writes: 0, conflicts: 0, storeConflicts: null },
  convergence: { maxMs: 0, unconverged: 0 },
  failover: [],
  availability: { overall: 1, byEntry: {}, byPhase: [] },
  latency: { byEntry: {} },
  trafficDistribution: { skew: null, byPhase: [] },
};

export function runAllChecks(input: CheckInput): { checks: Checks; unknown: Report['unknown'] } {
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
  // Built lazily inside each attempt, so a value that breaks indexing marks checks unknown.
  let index: ReturnType<typeof indexRegisters> | undefined;
  const keys = () => (index ??= indexRegisters(ops));
  attempt('staleReads', () => {
    const { staleReads, readYourWrites } = checkStaleReads(keys());
    checks.readYourWrites = readYourWrites;
    return staleReads;
  });
  attempt('impossibleReads', () => checkImpossibleReads(keys()));
  attempt('monotonicReads', () => checkMonotonicReads(keys()));
  attempt('lostWrites', () => checkLostWrites(keys(), final));
  attempt('splitBrainWrites', () => checkSplitBrain(keys(), steps, final));
  attempt('divergence', () => checkDivergence(final));
  attempt('finalImpossible', () => checkFinalImpossible(keys(), final));
  attempt('bank', () => checkBank(ops, final, input.balance));
  attempt('counters', () => checkCounters(ops, final));
  let probes: ProbeCoverage | undefined;
  const coverage = () => (probes ??= new ProbeCoverage(ops));
  attempt('replicationLag', () => checkReplicationLag(ops, coverage()));
  attempt('conflictRate', () => checkConflictRate(ops, input.storeCounters ?? null, coverage()));
  attempt('convergence', () => checkConvergence(steps, events));
  attempt('failover', () => checkFailover(ops, steps, input.availabilityTarget));
  const lastOpTime = ops.reduce((t, o) => Math.max(t, o.complete), -Infinity);
  let timeline: ReturnType<typeof phasesOf> | undefined;
  const phases = () => (timeline ??= phasesOf(steps, timelineSpan(events, lastOpTime)));
  attempt('availability', () => checkAvailability(ops, phases()));
  attempt('latency', () => checkLatency(ops));
  attempt('trafficDistribution', () => {
    const faulted = steps.flatMap((s) => s.regions);
    const regions = regionsOf(ops, input.regions ?? [], faulted);
    return checkTrafficDistribution(ops, phases(), regions, input.routerWeights);
  });
  dropEmptyEvidence(checks);
  return { checks, unknown };
}

/** Evidence is there to explain a failure: a clean check carries none. */
function dropEmptyEvidence(checks: Checks): void {
  for (const result of Object.values(checks) as { evidence?: unknown[] }[]) {
    if (Array.isArray(result.evidence) && result.evidence.length === 0) delete result.evidence;
  }
}
