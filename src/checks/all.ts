// Runs every check over one run's data. A check that throws yields an empty result and an
// `unknown` entry, never a crash: the other checks' findings still reach the report.
import type { Op } from '../history/ops.js';
import { lastComplete, type OpSource } from '../history/table.js';
import type { FinalState, RegionName, Report, RunEvent, StoreCounters } from '../model.js';
import { checkAvailability } from './availability.js';
import { checkBank, checkCounters } from './bank.js';
import { ConflictRate } from './conflicts.js';
import { checkDuplicateEffects } from './duplicates.js';
import { checkConvergence } from './convergence.js';
import { ProbeCoverage } from './coverage.js';
import { checkFailover } from './failover.js';
import { checkInFlight } from './inflight.js';
import { faultSteps, type FaultStep } from './faults.js';
import { checkDivergence, LostWrites } from './final.js';
import { FinalImpossible } from './final-impossible.js';
import { ImpossibleReads } from './impossible.js';
import { checkReplicationLag } from './lag.js';
import { checkRehearsal } from './rehearsal.js';
import { checkResponse } from './response.js';
import { checkLatency } from './latency.js';
import { forEachKey } from './keys.js';
import { Linearizability, type LinearizabilityBudget } from './linearizable/index.js';
import type { ValueAlias } from './linearizable/model.js';
import { MonotonicReads } from './monotonic.js';
import { phasesOf, timelineSpan } from './phases.js';
import { indexKey, type KeyHistory } from './registers.js';
import { SplitBrain } from './splitbrain.js';
import { StaleReads } from './stale.js';
import { checkTrafficDistribution, regionsOf } from './traffic.js';
import { isRegisterOp } from './values.js';

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
  let probes: ProbeCoverage | undefined;
  const coverage = () => (probes ??= new ProbeCoverage(ops));
  // One pass over the keys feeds every per-key check; each result is then taken in the
  // report's order, so a check that threw is reported unknown where it always was.
  const perKey = runKeyChecks(ops, keyChecks(input, steps, coverage));
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
  attempt('bank', () => checkBank(ops, final, input.balance));
  attempt('counters', () => checkCounters(ops, final));
  attempt('duplicateEffects', () => checkDuplicateEffects(ops, final, input.balance));
  attempt('replicationLag', () => checkReplicationLag(ops, coverage()));
  attempt('conflictRate', () => keyed('conflictRate'));
  attempt('convergence', () => checkConvergence(steps, events));
  attempt('failover', () => checkFailover(ops, steps, input.availabilityTarget));
  attempt('inFlight', () => checkInFlight(ops, steps, input.availabilityTarget));
  const lastOpTime = lastComplete(ops, -Infinity);
  let timeline: ReturnType<typeof phasesOf> | undefined;
  const phases = () => (timeline ??= phasesOf(steps, timelineSpan(events, lastOpTime)));
  attempt('availability', () => checkAvailability(ops, phases()));
  attempt('latency', () => checkLatency(ops));
  attempt('trafficDistribution', () => {
    const faulted = steps.flatMap((s) => s.regions);
    const regions = regionsOf(ops, input.regions ?? [], faulted);
    return checkTrafficDistribution(ops, phases(), regions, input.routerWeights);
  });
  if (input.linearizability) attempt('linearizability', () => keyed('linearizability'));
  attempt('rehearsal', () => checkRehearsal(events));
  attempt('response', () =>
    checkResponse(
      events,
      ops,
      steps,
      timelineSpan(events, lastOpTime)[1],
      input.availabilityTarget,
    ),
  );
  dropEmptyEvidence(checks);
  return { checks, unknown };
}

/** A check fed one key at a time: each non-probe key's operations in history order, and the
 * key's register index when it has register ops. `results` gives its report fields. To add a
 * per-key check, add it to keyChecks below: it then holds one key's data at a time. */
export interface KeyCheck {
  add(keyOps: Op[], kh: KeyHistory | undefined): void;
  results(): Partial<Checks>;
}

type KeyCheckList = [keyof Checks, () => KeyCheck][];

/** Adapts a register check (one KeyHistory at a time) to a KeyCheck. */
function registerCheck<R>(
  check: { add(kh: KeyHistory): void; result(): R },
  results: (r: R) => Partial<Checks>,
): KeyCheck {
  return { add: (_, kh) => kh && check.add(kh), results: () => results(check.result()) };
}

/** The per-key checks; the name is the report field marked unknown if one throws. */
function keyChecks(input: CheckInput, steps: FaultStep[], coverage: () => ProbeCoverage) {
  const { final } = input;
  const list: KeyCheckList = [
    ['staleReads', () => registerCheck(new StaleReads(), (r) => r)],
    [
      'impossibleReads',
      () => registerCheck(new ImpossibleReads(), (r) => ({ impossibleReads: r })),
    ],
    ['monotonicReads', () => registerCheck(new MonotonicReads(), (r) => ({ monotonicReads: r }))],
    ['lostWrites', () => registerCheck(new LostWrites(final), (r) => ({ lostWrites: r }))],
    [
      'splitBrainWrites',
      () => registerCheck(new SplitBrain(steps, final), (r) => ({ splitBrainWrites: r })),
    ],
    [
      'finalImpossible',
      () => registerCheck(new FinalImpossible(final), (r) => ({ finalImpossible: r })),
    ],
    [
      'conflictRate',
      () => {
        const check = new ConflictRate(input.storeCounters ?? null, coverage());
        return {
          add: (keyOps) => check.add(keyOps),
          results: () => ({ conflictRate: check.result() }),
        };
      },
    ],
  ];
  const lin = input.linearizability;
  if (lin) {
    list.push([
      'linearizability',
      () => {
        const check = new Linearizability(lin.budget, lin.alias);
        return {
          add: (keyOps) => {
            if (keyOps.length > 0) check.add(keyOps[0]!.key, keyOps);
          },
          results: () => ({ linearizability: check.result() }),
        };
      },
    ]);
  }
  return list;
}

/** Feeds every key to every per-key check once; a check that throws (or whose key index
 * cannot be built) stops being fed and its error is kept for its report field. */
function runKeyChecks(ops: OpSource, list: KeyCheckList) {
  const running: { name: keyof Checks; check: KeyCheck }[] = [];
  const errors = new Map<keyof Checks, unknown>();
  for (const [name, make] of list) {
    try {
      running.push({ name, check: make() });
    } catch (err) {
      errors.set(name, err);
    }
  }
  const registerNames = new Set<keyof Checks>(list.slice(0, 6).map(([name]) => name));
  let live = running;
  forEachKey(ops, (key, keyOps) => {
    let kh: KeyHistory | undefined;
    try {
      const registerOps = keyOps.filter(isRegisterOp);
      kh = registerOps.length > 0 ? indexKey(key, registerOps) : undefined;
    } catch (err) {
      // As the index of all keys once failed: every register check is unknown.
      for (const r of live) if (registerNames.has(r.name)) errors.set(r.name, err);
    }
    live = live.filter((r) => !errors.has(r.name));
    for (const r of live) {
      try {
        r.check.add(keyOps, kh);
      } catch (err) {
        errors.set(r.name, err);
      }
    }
  });
  const results: Partial<Checks> = {};
  for (const { name, check } of running) {
    if (errors.has(name)) continue;
    try {
      Object.assign(results, check.results());
    } catch (err) {
      errors.set(name, err);
    }
  }
  return {
    /** A per-key check's result, or its error thrown again. */
    result(name: keyof Checks): unknown {
      const owner = name === 'readYourWrites' ? 'staleReads' : name;
      if (errors.has(owner)) throw errors.get(owner);
      return results[name];
    },
  };
}

/** Evidence is there to explain a failure: a clean check carries none. */
function dropEmptyEvidence(checks: Checks): void {
  for (const result of Object.values(checks) as { evidence?: unknown[] }[]) {
    if (Array.isArray(result.evidence) && result.evidence.length === 0) delete result.evidence;
  }
}
