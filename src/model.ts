// The data passed between pipeline stages, typed once (see ../shared/DESIGN.md).
// Formats marked "contract" in DESIGN.md are mirrored here field for field.

/** A region's name as the scenario gives it: `us`, `eu`, ... */
export type RegionName = string;

/** Milliseconds since run start (monotonic clock, fractional allowed). */
export type Millis = number;

/** The outcome of an operation: it happened, it certainly did not, or nobody knows. */
export type OpType = 'invoke' | 'ok' | 'fail' | 'info';

/** The operation functions gameday's workloads issue; room for more. */
export type OpFunction = 'read' | 'write' | 'cas' | 'withdraw' | 'add' | (string & {});

/** One line of history.jsonl (contract, DESIGN.md section 6). */
export interface HistoryEvent {
  time: Millis;
  type: OpType;
  process: string;
  region: RegionName;
  via: 'direct' | 'router';
  f: OpFunction;
  key: string;
  value: unknown;
  /** Retries of one logical operation share this id, and may repeat its written value. */
  logical?: string;
  /** On an `ok` of a write, cas, withdraw or add: the region that applied it, when it is not
   * `region` (the entry forwarded it to the key's home region). */
  appliedBy?: RegionName;
  /** Optional detail for humans (error text of a fail/info); never read by checks. */
  error?: string;
}

/** Kinds of line in events.jsonl (contract); the rehearsal kinds after `phase`. */
export const RUN_EVENT_TYPES = [
  'fault-start',
  'fault-end',
  'phase',
  'action-start',
  'action-end',
  'probe',
  'wait-end',
  'manual',
  'mark',
  'route',
  'abort',
] as const;
export type RunEventType = (typeof RUN_EVENT_TYPES)[number];

/** Who caused an event: the scenario (the run itself), a person typing a command during the
 * run, or the watchdog healing a fault whose deadline passed. */
export const EVENT_SOURCES = ['scenario', 'manual', 'watchdog'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

/** What a `gameday mark` says happened. */
export const MARK_KINDS = ['detected', 'mitigated', 'note'] as const;
export type MarkKind = (typeof MARK_KINDS)[number];

/** One line of events.jsonl (contract, DESIGN.md section 6). */
export interface RunEvent {
  time: Millis;
  type: RunEventType;
  /** Step id (`s1`...) for fault events; the phase's step for `converged`. */
  id?: string;
  fault?: FaultKind;
  regions?: RegionName[];
  params?: Record<string, unknown>;
  /** For `type: "phase"`: warmup | faults | heal | settle | converged | done. */
  phase?: string;
  /** Planned offset of a fault event, so schedule skew can be reported. */
  plannedTime?: Millis;
  /** When gameday began applying or healing the fault; `time` is when it took effect
   * (a killed region counts as healed once it answers again). */
  startedTime?: Millis;
  /** Who caused it (fault events and marks); absent in runs recorded before sources existed. */
  source?: EventSource;
  /** For `type: "mark"`: what the person marked. */
  kind?: MarkKind;
  /** For `type: "mark"`: the person's words; for `manual`: the instruction. */
  text?: string;
  /** Rehearsal events: the step succeeded (action exited 0, probe attempt passed, wait met). */
  ok?: boolean;
  /** action-start: the command, as run. */
  command?: string[];
  /** action-end: the exit code (null when killed), whether its timeout killed it, the tail of
   * its output, and the step's allowFailure and mitigates settings. */
  exitCode?: number | null;
  timedOut?: boolean;
  output?: string;
  allowFailure?: boolean;
  mitigates?: boolean;
  /** probe: the step is the alert (time to detect). */
  alert?: boolean;
  /** probe: the status or error in words. */
  detail?: string;
  /** wait-end, manual: how long the step took from its start (ms). */
  waitedMs?: Millis;
  /** wait-end, abort: the condition, in words. */
  condition?: string;
  /** manual: confirmed by a person pressing Enter, automatically (--auto-approve, no terminal),
   * or not at all (the timeout passed). */
  confirmed?: ManualConfirmation;
}

export const MANUAL_CONFIRMATIONS = ['enter', 'auto', 'timeout'] as const;
export type ManualConfirmation = (typeof MANUAL_CONFIRMATIONS)[number];

/** final.json (contract): every key's value as each region sees it after settling. */
export interface FinalState {
  settled: boolean;
  settleMs: Millis;
  regions: Record<RegionName, Record<string, unknown>>;
  /** How the state was taken: the store's GET /dump, or every key read back by gameday. */
  source?: 'dump' | 'readback';
  /** How many whole-state reads were taken, and whether the last two were equal. */
  reads?: number;
  agreed?: boolean;
}

/** store-counters.json: the store's own conflict counter per region, read when the workload
 * started and after settling (null: that read failed). */
export interface StoreCounters {
  conflicts: {
    /** What was read: `kvstore_conflicts_total`, `wsrep_local_cert_failures`. */
    source: string;
    start: Record<RegionName, number | null>;
    end: Record<RegionName, number | null>;
  };
}

/** The fault kinds a scenario step or `gameday fault` may name. */
export const FAULT_KINDS = [
  'partition',
  'latency',
  'bandwidth',
  'flaky',
  'slow-close',
  'kill-region',
  'stop-region',
  'pause-region',
  'isolate-region',
  'clock-skew',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Which links a partition cuts. */
export type PartitionScope = 'replication' | 'clients' | 'both';

/** How a cut link behaves: drop silently, refuse connections, or reset them. */
export type PartitionMode = 'blackhole' | 'refuse' | 'reset';

/** Bundled-store settings (DESIGN.md section 4). */
export interface StoreOptions {
  conflict: 'lww' | 'mv';
  writes: 'async' | 'sync';
  durability: 'fsync' | 'none';
  /** Who takes a key's writes (absent: multi-writer); fixtures/kvstore/README.md. */
  ownership?: Ownership;
  /** single-writer: the region that takes every write. */
  home?: RegionName;
  /** single-writer/geo: a write for a key homed elsewhere is forwarded (true) or refused. */
  forward?: boolean;
}

/** Write ownership of the bundled store: every region, one home, or each key's home region. */
export type Ownership = 'multi-writer' | 'single-writer' | 'geo';

/** The optional parts of the HTTP key-value contract a store offers (docs/targets.md). */
export interface ContractParts {
  /** PUT with `if-version` (409 on mismatch): withdraw, counter and cas ops need it. */
  cas: boolean;
  /** GET /dump; without it final.json is read back key by key. */
  dump: boolean;
  /** GET /digest; without it convergence compares the read-back values. */
  digest: boolean;
}

/** The bundled store with its settings (`kind` may be left out). */
export interface KvstoreSpec extends StoreOptions {
  kind?: 'kvstore';
}

/** The user's own store: one process per region started from a command template (issue 8). */
export interface CommandStoreSpec {
  kind: 'command';
  /** Region → argv, placeholders still in (`{port}`, `{peer:eu}`...: src/stores/placeholders.ts). */
  commands: Record<RegionName, string[]>;
  env: Record<string, string>;
  /** A path (`/health`) on the store's port, or a URL template, that answers 2xx when ready. */
  health: string;
  startTimeoutMs: number;
  /** Where the processes start (the scenario file's directory), so relative paths work. */
  cwd?: string;
  offers: ContractParts;
  /** Absolute path of the user's adapter module (docs/targets.md): the store is spoken to
   * through it, not over HTTP; readiness is the adapter's, the router checks TCP. */
  adapter?: string;
}

/** Redis primary/replica with Sentinel (docs/targets.md): a redis-server per region, the
 * primary in `primary`, a Sentinel per region plus a witness. */
export interface RedisSentinelSpec {
  kind: 'redis-sentinel';
  primary: RegionName;
  /** Sentinel's down-after-milliseconds: silence before a server is judged down. */
  downAfterMs: number;
  failoverTimeoutMs: number;
  /** A primary refuses writes unless this many replicas acknowledged within the max lag. */
  minReplicasToWrite: number;
  minReplicasMaxLagMs: number;
}

/** MariaDB Galera (docs/targets.md): one node per region, each on its own loopback address,
 * fenced so that the Toxiproxy replication links are the only path between regions. */
export interface GaleraSpec {
  kind: 'galera';
  /** pc.ignore_sb=true: each side of a partition keeps a primary component (split brain). */
  ignoreSplitBrain: boolean;
  /** garbd: a third vote outside every region. */
  arbitrator: boolean;
  /** wsrep_sync_wait=1: reads wait until the node applied every write certified before them. */
  causalReads: boolean;
  /** Region → the loopback address its node's group traffic uses (127.0.0.2, 127.0.0.3...). */
  addresses: Record<RegionName, string>;
}

/** The user's own compose file starts the regions (topology.compose, kind left out) and gameday
 * speaks to them only through the user's adapter module (docs/targets.md): docker driver only.
 * Readiness is the module's; the router checks that each region accepts a TCP connection. */
export interface AdapterStoreSpec {
  kind: 'adapter';
  /** Absolute path of the user's adapter module. */
  adapter: string;
}

/** Which store each region runs. */
export type StoreSpec =
  KvstoreSpec | CommandStoreSpec | RedisSentinelSpec | GaleraSpec | AdapterStoreSpec;

/** HAProxy health-check settings: they decide failover time. */
export interface RouterOptions {
  interMs: number;
  fall: number;
  rise: number;
  timeoutMs: number;
}

/** What `up` needs to know: which regions, which store, how the router checks health. */
export interface TopologySpec {
  regions: RegionName[];
  store: StoreSpec;
  router: RouterOptions;
  /** Where the stores' stdout/stderr go (a run directory's logs/); default .gameday/logs. */
  logDir?: string;
  /** Docker driver: the user's compose file instead of the bundled one. */
  compose?: ComposeSpec;
  /** Docker driver: regions on other engines, region → DOCKER_HOST (unix:///..., tcp://...). */
  engines?: Record<RegionName, string>;
}

/** The user's own compose file (docs/bring-your-own-topology.md): which service is which
 * region, and the replication links Toxiproxy carries. gameday adds Toxiproxy and the router
 * with an override file; the user's file is never edited. For kind redis-sentinel or galera,
 * `file` is a copy of the stores' compose file (compose/*.yml) and regions and links are empty. */
export interface ComposeSpec {
  /** Absolute path of the user's compose file. */
  file: string;
  /** Each region's service and the container port its store serves on. */
  regions: Record<RegionName, { service: string; port: number }>;
  /** Replication links, `<from>_to_<to>` → the port Toxiproxy listens on (the `from`
   * region's store is configured to replicate to `http://toxiproxy:<port>`). */
  links: Record<string, number>;
}

/** One SLO verdict row (report.json contract). */
export interface SloVerdict {
  name: string;
  target: string;
  measured: number | string | null;
  pass: boolean;
  /** The first few offending operations or a sentence, for humans and JUnit. */
  evidence?: string[];
}

/** One offending operation (or pair) shown as evidence of a failed check. */
export interface Evidence {
  time: Millis;
  key?: string;
  region?: RegionName;
  process?: string;
  value?: unknown;
  /** A sentence a person can read: "read us-3:41 at 12.3 s after us-1:7 was acknowledged at 11.0 s". */
  note: string;
}

/** One phase of the run (`before`, `during:<id>`, `after:<id>`): docs/checks.md "Phases". */
export interface PhaseSpan {
  phase: string;
  startMs: Millis;
  endMs: Millis;
}

/** What is needed to reproduce a run (run.json; report.json `run`). A foreign run directory
 * has only what its files tell, so every field is optional. */
export interface RunInfo {
  scenario?: string;
  /** sha256 of the run directory's scenario.yaml. */
  scenarioSha256?: string;
  seed?: number;
  gamedayVersion?: string;
  /** ISO 8601, UTC. */
  startedAt?: string;
  durationMs?: Millis;
  driver?: 'local' | 'docker';
  store?: Record<string, unknown>;
  /** The scenario file the run was started from (absolute), for `run --replay`. */
  scenarioFile?: string;
  /** A `gameday drill`: its faults were typed during it (judged as such by `gameday check`). */
  drill?: boolean;
}

/** One operation as a linearizability counterexample shows it (times on the scenario clock). */
export interface LinOpView {
  process: string;
  f: string;
  /** Written (write), read (read) or `{from, to}` (cas). */
  value: unknown;
  outcome: 'ok' | 'fail' | 'info';
  invoke: Millis;
  /** null: never answered (`info`): it may take effect any time after its invoke, or never. */
  complete: Millis | null;
  /** In the longest linearizable prefix, the op that cannot follow it, or neither. */
  role: 'prefix' | 'blocked' | 'other';
}

/** Why one key is not linearizable: the longest linearizable prefix and the op that cannot follow. */
export interface LinCounterexample {
  key: string;
  /** How many ops the longest linearizable prefix holds. */
  prefixLength: number;
  /** The register's value after that prefix (null: absent). */
  state: unknown;
  /** The prefix's last few ops, in linearization order. */
  lastLinearized: LinOpView[];
  blocked: LinOpView;
  /** The ops around the blocked one, in invoke order, for the timeline. */
  window: LinOpView[];
}

/** checks.linearizability: present only when turned on (SLO `linearizable`, `check --lin`). */
export interface LinearizabilityResult {
  /** Register keys judged. */
  keys: number;
  ok: number;
  illegal: string[];
  /** Keys whose search ran out of its time budget. */
  unknown: string[];
  ms: number;
  counterexamples?: LinCounterexample[];
  evidence?: Evidence[];
}

/** The report.json object (contract, DESIGN.md section 7). Extra fields allowed, none renamed. */
export interface Report {
  verdict: 'pass' | 'fail';
  run?: RunInfo;
  /** Every time in the report is on this clock: t = 0 where steps' `at:` count from. */
  scenarioClock?: { zeroMs: Millis; note: string };
  slos: SloVerdict[];
  checks: {
    staleReads: {
      count: number;
      reads: number;
      ratePer10k: number;
      byRegion: Record<RegionName, { count: number; reads: number; ratePer10k: number }>;
      stalenessMs: { p50: number; p99: number; max: number };
      evidence?: Evidence[];
    };
    readYourWrites: { count: number; evidence?: Evidence[] };
    monotonicReads: { count: number; evidence?: Evidence[] };
    impossibleReads: { garbage: number; aborted: number; future: number; evidence?: Evidence[] };
    lostWrites: { count: number; keys: string[]; evidence?: Evidence[] };
    splitBrainWrites: {
      pairs: number;
      keys: string[];
      /** Per key: how the store resolved it (one side dropped, siblings kept, ...). */
      resolution?: Record<string, string>;
      evidence?: Evidence[];
    };
    divergence: { keys: string[]; evidence?: Evidence[] };
    /** Settled values no write carried (garbage) or only failed writes carried (aborted);
     * `count` per (region, key). */
    finalImpossible: {
      count: number;
      keys: string[];
      garbage?: number;
      aborted?: number;
      evidence?: Evidence[];
    };
    /** overdrafts and drift count accounts; the amounts are extra detail. */
    bank: {
      overdrafts: number;
      drift: number;
      accounts?: number;
      overdraftAmount?: number;
      driftAmount?: number;
      evidence?: Evidence[];
    };
    /** Withdraw/add logical operations applied more than once (docs/checks.md "Duplicate
     * effects"): lower bounds from the settled values; absent in reports written before. */
    duplicateEffects?: {
      /** The fewest logical operations that could have duplicated `amount`. */
      count: number;
      /** Money or counter amount settled beyond what each logical op applied once could reach. */
      amount: number;
      keys: string[];
      /** Logical operations with two or more attempts that may have applied. */
      candidates: number;
      evidence?: Evidence[];
    };
    /** lostIncrements: the amount by which final counters fall outside what the adds allow. */
    counters: { lostIncrements: number; counters?: number; evidence?: Evidence[] };
    /** Over all (probe write, other region) pairs; censored writes count with their lower bound. */
    replicationLag: {
      p50: number;
      p95: number;
      p99: number;
      max: number;
      /** Censored writes: never covered by the other region's last probe read. */
      uncovered: number;
      /** `us->eu`: null when the other region made no probe read. */
      byDirection: Record<
        string,
        {
          p50: number;
          p95: number;
          p99: number;
          max: number;
          uncovered: number;
          samples?: number;
        } | null
      >;
      /** Per probe read: how long the reader had been missing newer data from `from`. */
      series?: { time: Millis; lagMs: number; from: RegionName; to: RegionName }[];
      samples?: number;
    };
    /** Per 10k ok writes (probes excluded); null when the figure cannot be had. */
    conflictRate: {
      store: number | null;
      history: number | null;
      /** Ok writes, the denominator of both figures. */
      writes: number;
      /** Ok writes that conflict in the history (the numerator of `history`). */
      conflicts: number;
      /** The store's conflict counter's increase over the run, summed over regions. */
      storeConflicts: number | null;
    };
    convergence: {
      maxMs: number;
      unconverged: number;
      steps?: { step: string; convergedMs: number | null }[];
    };
    failover: {
      step: string;
      region: RegionName;
      detectionMs: number | null;
      failoverMs: number | null;
      errors: number;
    }[];
    /** Per region fault step: the operations in flight at its start and their fate
     * (docs/checks.md "In-flight fate"); absent in reports written before. */
    inFlight?: {
      step: string;
      region: RegionName;
      ops: number;
      ok: number;
      fail: number;
      info: number;
      /** Their logical operations, and how many of those had an ok attempt. */
      logical: number;
      succeeded: number;
      /** Failover time per attempt (as `failover`) and per logical router operation. */
      failoverMs: number | null;
      logicalFailoverMs: number | null;
    }[];
    /** Entries: `router` (ops with via "router", whichever region answered) and each region
     * (its direct clients' ops). */
    availability: {
      overall: number;
      byEntry: Record<string, number>;
      byPhase: (PhaseSpan & {
        ops: number;
        /** null when no op was invoked in the phase. */
        overall: number | null;
        byEntry: Record<string, number>;
      })[];
    };
    latency: { byEntry: Record<string, { p50: number; p95: number; p99: number }> };
    linearizability?: LinearizabilityResult;
    /** Rehearsal steps, from the events (absent in reports written before they existed). */
    rehearsal?: RehearsalResults;
    /** Time to detect and to mitigate, per fault step. */
    response?: FaultResponse[];
    trafficDistribution: {
      /** The largest skew over phases with answered router ops; null when there are none. */
      skew: number | null;
      byPhase: (PhaseSpan & {
        /** Ok router ops whose answering region is known. */
        ops: number;
        /** Ok router ops that did not say which region answered. */
        unknown: number;
        shares: Record<RegionName, number>;
        expected: Record<RegionName, number>;
        skew: number | null;
      })[];
    };
  };
  /** Checks that threw: their result is unknown (zeros above), never a crash. */
  unknown?: { check: string; error: string }[];
  /** The run stopped early on a scenario `abort:` condition (it then fails). */
  aborted?: { condition: string; atMs: Millis };
}

/** Rehearsal steps as the events recorded them (docs/checks.md "Rehearsal steps"). */
export interface RehearsalResults {
  actions: {
    step: string;
    exitCode: number | null;
    timedOut: boolean;
    /** null when the action never ended (the run stopped first). */
    durationMs: Millis | null;
    ok: boolean;
    allowFailure: boolean;
  }[];
  probes: { step: string; attempts: number; passed: number; alert: boolean }[];
  /** waitedMs null: the wait timed out (or never ended). */
  waits: { step: string; condition: string; waitedMs: Millis | null }[];
  manual: { step: string; confirmed: ManualConfirmation | null; waitedMs: Millis | null }[];
}

/** Time to detect and to mitigate one fault (docs/checks.md "Response"). */
export interface FaultResponse {
  step: string;
  fault: string;
  detectMs: Millis | null;
  /** What detected it: `mark` or `probe <id>`. */
  detectedBy: string | null;
  mitigateMs: Millis | null;
  /** What mitigated it: `mark` or `action <id>`. */
  mitigatedBy: string | null;
}
