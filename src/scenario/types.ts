// The loaded, normalized scenario: every duration in milliseconds, every default filled in.
import type {
  AdapterStoreSpec,
  CommandStoreSpec,
  ComposeSpec,
  GaleraSpec,
  RedisSentinelSpec,
  FaultKind,
  PartitionMode,
  PartitionScope,
  RegionName,
  RouterOptions,
  StoreOptions,
} from '../model.js';
import type { AbortCondition, RehearsalStep } from './rehearsal-types.js';

/** The store under test and its settings: the bundled kvstore, the user's own (command, or
 * an adapter module on the user's compose file), Redis with Sentinel or Galera. */
export type StoreSpec =
  | (StoreOptions & { kind: 'kvstore' })
  | CommandStoreSpec
  | RedisSentinelSpec
  | GaleraSpec
  | AdapterStoreSpec;

/** Client traffic (issue 3's workloads). */
export interface WorkloadSpec {
  kind: 'register' | 'withdraw' | 'counter';
  rate: number;
  clients: number;
  routerClients: number;
  keys: number;
  readRatio: number;
  casRatio: number;
  accounts: number;
  balance: number;
  amount: number;
  timeoutMs: number;
  probeMs: number;
  /** Absent: a client never retries (each op is its own logical op, no `logical` field). */
  retries?: RetrySpec;
}

/** Client retries (src/workload/retry.ts): after an `info` attempt, up to `attempts` in all. */
export interface RetrySpec {
  /** Attempts per logical operation, the first one included. */
  attempts: number;
  /** Wait before the n-th retry: backoffMs × 2^(n−1), times a factor in [1 − jitter, 1 + jitter]. */
  backoffMs: number;
  jitter: number;
  /** Each logical write, cas, withdraw or add carries an `idempotency-key` header. */
  idempotencyKeys: boolean;
}

/** Fault parameters; which ones are set depends on the fault kind. */
export interface FaultParams {
  scope?: PartitionScope;
  oneway?: boolean;
  mode?: PartitionMode | 'timeout' | 'reset';
  ms?: number;
  jitter?: number;
  kbps?: number;
  toxicity?: number;
}

/** One timed fault. `atMs` counts from the start of the timeline (the end of warmup). */
export interface ScenarioStep {
  id: string;
  atMs: number;
  durationMs: number;
  fault: FaultKind;
  /** Link faults: the two regions (oneway: from the first to the second). Region faults: one. */
  regions: RegionName[];
  params: FaultParams;
}

/** One SLO target as written: `0`, "< 0.1%", ">= 99%". */
/** `true` only for a property SLO (`linearizable: true`). */
export type SloTargetValue = string | number | true;

/** How a scenario is read. */
export interface ParseOptions {
  /** The scenario a drill plays (`gameday drill`): its faults are typed during it, so the SLOs
   * judged on fault steps do not need a step in the file. */
  drill?: boolean;
}

/** A scenario as the run, the checks and the SLOs see it. */
export interface Scenario {
  name: string;
  description: string;
  /** Length of the fault timeline; the run lasts warmup + duration + heal + settle. */
  durationMs: number;
  warmupMs: number;
  settleMs: number;
  topology: {
    regions: RegionName[];
    store: StoreSpec;
    router: RouterOptions;
    compose?: ComposeSpec;
    engines?: Record<RegionName, string>;
  };
  workload: WorkloadSpec;
  steps: ScenarioStep[];
  /** Rehearsal steps (action, probe, wait, manual, mark), in file order. */
  rehearsal: RehearsalStep[];
  /** Conditions that stop the run early (`abort:`). */
  abort: AbortCondition[];
  /** SLO name -> target as written (`0`, "< 0.1%"); see resolveTarget in ./slo.ts. */
  slo: Record<string, SloTargetValue | Record<RegionName, SloTargetValue>>;
}
