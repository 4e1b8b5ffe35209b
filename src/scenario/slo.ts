// SLO names, what each measures, and the syntax of a target: `0`, "< 0.1%", ">= 99%", "< 30s".
// src/slo evaluates them; this module only says which names exist and what a target means.
import * as z from 'zod';

/** What a measured value is: a count, a fraction (0..1), or milliseconds. */
export type SloUnit = 'count' | 'ratio' | 'time';
export type WorkloadKind = 'register' | 'withdraw' | 'counter';

interface SloInfo {
  unit: SloUnit;
  /** Which way is good; a higher-is-better SLO must spell out its comparison (">= 99%"). */
  better: 'lower' | 'higher';
  /** The workloads whose history can measure it; undefined means every workload. */
  workloads?: WorkloadKind[];
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
    description: 'ok / (ok + fail + info) over all operations.',
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
  latency_p50: {
    unit: 'time',
    better: 'lower',
    description: "Worst region's p50 latency of ok operations.",
  },
  latency_p95: {
    unit: 'time',
    better: 'lower',
    description: "Worst region's p95 latency of ok operations.",
  },
  latency_p99: {
    unit: 'time',
    better: 'lower',
    description: "Worst region's p99 latency of ok operations.",
  },
  lost_increments: {
    unit: 'count',
    better: 'lower',
    workloads: ['counter'],
    description: 'Acknowledged increments missing from the final counter value.',
  },
} as const satisfies Record<string, SloInfo>;

export type SloName = keyof typeof SLOS;
export const SLO_NAMES = Object.keys(SLOS) as SloName[];

// Same grammar as src/slo/target.ts (which evaluates it); test/scenario/slo-sync.test.ts
// checks that both read every target alike. No comparison means "at most".
const TARGET_PATTERN = /^\s*(<=|>=|==|=|<|>)?\s*(\d+(?:\.\d+)?(?:e-?\d+)?)\s*(%|ms|s|m|min)?\s*$/i;
const UNITS_ALLOWED: Record<SloUnit, string[]> = {
  count: [''],
  ratio: ['', '%'],
  time: ['', 'ms', 's', 'm'],
};
const UNIT_FACTOR: Record<string, number> = {
  '': 1,
  '%': 0.01,
  ms: 1,
  s: 1000,
  m: 60_000,
  min: 60_000,
};

export const TARGET_HINT = 'a number, or a comparison such as "< 0.1%", ">= 99%", "<= 30s"';

/** The schema of one SLO target as written in the file. */
export const sloTarget = z
  .union([
    z.number({ error: `expected ${TARGET_HINT}` }).min(0, { error: 'must not be negative' }),
    z.string().regex(TARGET_PATTERN, { error: `expected ${TARGET_HINT}` }),
  ])
  .meta({ description: `${TARGET_HINT}` });

export type Comparison = '<' | '<=' | '>' | '>=' | '==';

/** A target resolved to the measured value's units: counts, fractions (0..1) or milliseconds. */
export interface ResolvedTarget {
  op: Comparison;
  threshold: number;
}

/** Resolves a target; throws a plain Error with the reason when its unit does not fit the SLO. */
export function resolveTarget(name: SloName, target: string | number): ResolvedTarget {
  const info: SloInfo = SLOS[name];
  const match = typeof target === 'number' ? null : TARGET_PATTERN.exec(target);
  if (typeof target === 'string' && !match) throw new Error(`expected ${TARGET_HINT}`);
  const op = (match?.[1] === '=' ? '==' : (match?.[1] ?? '<=')) as Comparison;
  if (info.better === 'higher' && !match?.[1]) {
    throw new Error(
      `${name} needs a comparison such as ">= 99%": a target without one means "at most"`,
    );
  }
  const unit = (match?.[3] ?? '').toLowerCase();
  if (!UNITS_ALLOWED[info.unit].includes(unit)) {
    throw new Error(
      `unit "${unit}" does not fit ${name}, a ${info.unit}; ${unitAdvice(info.unit)}`,
    );
  }
  const number = typeof target === 'number' ? target : Number(match?.[2]);
  return { op, threshold: number * (UNIT_FACTOR[unit] ?? 1) };
}

function unitAdvice(unit: SloUnit): string {
  if (unit === 'count') return 'write a plain number, e.g. "<= 3"';
  if (unit === 'ratio') return 'use %, e.g. "< 0.1%", or a fraction';
  return 'use ms, s or m, e.g. "< 30s"';
}
