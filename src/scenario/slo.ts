// SLO names and what each measures. src/slo evaluates them; this module says which names
// exist, in what unit, and which workloads can measure them (see ./slo-target.ts for targets).

/** What a measured value is: a count, a fraction (0..1), milliseconds, or a yes/no property
 * written `true` (measured as the number of keys that break it). */
export type SloUnit = 'count' | 'ratio' | 'time' | 'boolean';
export type WorkloadKind = 'register' | 'withdraw' | 'counter';

export interface SloInfo {
  unit: SloUnit;
  /** Which way is good; a higher-is-better SLO must spell out its comparison (">= 99%"). */
  better: 'lower' | 'higher';
  /** The workloads whose history can measure it; undefined means every workload. */
  workloads?: WorkloadKind[];
  /** Written as a mapping region → target (`availability_region: { eu: '>= 50%' }`). */
  perRegion?: boolean;
  description: string;
}

const register: WorkloadKind[] = ['register'];

export const SLOS = {
  split_brain_writes: {
    unit: 'count',
    better: 'lower',
    workloads: register,
    description:
      'Pairs of writes to one key acknowledged on both sides of a replication partition.',
  },
  divergence: {
    unit: 'count',
    better: 'lower',
    description: 'Keys on which regions still disagree after settling.',
  },
  lost_writes: {
    unit: 'count',
    better: 'lower',
    workloads: register,
    description: 'Acknowledged writes the converged state silently dropped.',
  },
  stale_read_rate: {
    unit: 'ratio',
    better: 'lower',
    workloads: register,
    description:
      'Share of ok reads that returned a value already superseded by an acknowledged write.',
  },
  read_your_writes: {
    unit: 'count',
    better: 'lower',
    workloads: register,
    description: "Reads that missed the same session's own earlier write.",
  },
  monotonic_reads: {
    unit: 'count',
    better: 'lower',
    workloads: register,
    description: 'Reads that went back in time within a session.',
  },
  impossible_reads: {
    unit: 'count',
    better: 'lower',
    workloads: register,
    description: 'Reads of values never written, of failed writes, or from the future.',
  },
  final_impossible: {
    unit: 'count',
    better: 'lower',
    workloads: register,
    description:
      'Settled values (final.json) no write carried, or only failed writes carried, per region and key.',
  },
  failover_time: {
    unit: 'time',
    better: 'lower',
    description:
      'Worst time from a region fault until router clients succeed again (needs a region fault step and routerClients > 0).',
  },
  replication_lag_p95: {
    unit: 'time',
    better: 'lower',
    description: 'p95 of probe replication lag between regions (needs workload.probe > 0).',
  },
  convergence_time: {
    unit: 'time',
    better: 'lower',
    description: 'Worst time after a heal until every region returns the same data.',
  },
  availability: {
    unit: 'ratio',
    better: 'higher',
    description:
      "ok / (ok + fail + info): the router entry's when routerClients > 0 (the user's view), else over all operations.",
  },
  availability_region: {
    unit: 'ratio',
    better: 'higher',
    perRegion: true,
    description:
      "Per region, ok / (ok + fail + info) of its direct clients: { eu: '>= 50%' } (needs clients > 0).",
  },
  traffic_skew: {
    unit: 'ratio',
    better: 'lower',
    description:
      'Largest gap, over phases, between the share of router traffic a region answered and its expected share (needs routerClients > 0).',
  },
  overdrafts: {
    unit: 'count',
    better: 'lower',
    workloads: ['withdraw'],
    description: 'Accounts whose approved withdrawals exceed the initial balance.',
  },
  money_drift: {
    unit: 'count',
    better: 'lower',
    workloads: ['withdraw'],
    description: 'Total |final balance - (initial - approved)| over accounts.',
  },
  stale_reads: {
    unit: 'count',
    better: 'lower',
    workloads: register,
    description: 'Number of stale reads (see stale_read_rate).',
  },
  replication_lag_p50: {
    unit: 'time',
    better: 'lower',
    description: 'p50 of probe replication lag (needs workload.probe > 0).',
  },
  replication_lag_p99: {
    unit: 'time',
    better: 'lower',
    description: 'p99 of probe replication lag (needs workload.probe > 0).',
  },
  replication_lag_max: {
    unit: 'time',
    better: 'lower',
    description: 'Worst probe replication lag (needs workload.probe > 0).',
  },
  conflict_rate: {
    unit: 'ratio',
    better: 'lower',
    description:
      'Conflicting writes / ok writes: the larger of the store counter and the history figure.',
  },
  latency_p50: {
    unit: 'time',
    better: 'lower',
    description:
      "Worst entry's p50 latency of ok operations (the router, or a region's direct clients).",
  },
  latency_p95: {
    unit: 'time',
    better: 'lower',
    description:
      "Worst entry's p95 latency of ok operations (the router, or a region's direct clients).",
  },
  latency_p99: {
    unit: 'time',
    better: 'lower',
    description:
      "Worst entry's p99 latency of ok operations (the router, or a region's direct clients).",
  },
  linearizable: {
    unit: 'boolean',
    better: 'lower',
    workloads: register,
    description:
      'true: every register key is linearizable (read, write, cas); a key the search cannot finish in its time budget counts as unknown.',
  },
  duplicate_effects: {
    unit: 'count',
    better: 'lower',
    workloads: ['withdraw', 'counter'],
    description:
      'Withdrawals and increments applied more than once by client retries (a lower bound from the settled values; needs workload.retries to be non-zero).',
  },
  lost_increments: {
    unit: 'count',
    better: 'lower',
    workloads: ['counter'],
    description: 'Acknowledged increments missing from the final counter value.',
  },
  time_to_detect: {
    unit: 'time',
    better: 'lower',
    description:
      'Worst time from a fault to its first `detected` mark or failing alert probe (needs a fault step).',
  },
  time_to_mitigate: {
    unit: 'time',
    better: 'lower',
    description:
      'Worst time from a fault to its `mitigated` mark or to the mitigating action after which availability holds (needs a fault step).',
  },
} as const satisfies Record<string, SloInfo>;

export type SloName = keyof typeof SLOS;

/** The SLOs judged on the run's fault steps. A drill's faults are typed during it, so a drill
 * keeps these and judges them on what was typed ("not measured" when nothing fit). */
export const FAULT_SLOS: readonly string[] = [
  'failover_time',
  'convergence_time',
  'time_to_detect',
  'time_to_mitigate',
];
export const SLO_NAMES = Object.keys(SLOS) as SloName[];

/** SLOs named after a step: `probe_<id>` (share of the probe's attempts that passed) and
 * `wait_<id>` (how long the wait took). */
export const STEP_SLOS = {
  probe: {
    unit: 'ratio',
    better: 'higher',
    description: "Share of a probe step's attempts that passed: probe_<id>: '>= 99%'.",
  },
  wait: {
    unit: 'time',
    better: 'lower',
    description: 'How long a wait step took ("never" if it timed out): wait_<id>: \'< 60s\'.',
  },
} as const satisfies Record<string, SloInfo>;

/** `probe_alert` → {kind: 'probe', id: 'alert'}; undefined for other names. */
export const STEP_SLO_PATTERN = /^(probe|wait)_([A-Za-z0-9][\w-]*)$/;

export function stepSloOf(name: string): { kind: keyof typeof STEP_SLOS; id: string } | undefined {
  const match = STEP_SLO_PATTERN.exec(name);
  return match ? { kind: match[1] as keyof typeof STEP_SLOS, id: match[2]! } : undefined;
}

/** What an SLO measures, for a fixed name or a step's SLO; undefined for an unknown name. */
export function sloInfo(name: string): SloInfo | undefined {
  if (Object.hasOwn(SLOS, name)) return SLOS[name as SloName];
  const step = stepSloOf(name);
  return step && STEP_SLOS[step.kind];
}
