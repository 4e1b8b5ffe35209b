// SLO names, what each measures, and the syntax of a target: `0`, "< 0.1%", ">= 99%", "< 30s".
// src/slo evaluates them; this module only says which names exist and what a target means.
import * as z from 'zod';

/** What a measured value is: a count, a fraction (0..1), or milliseconds. */
export type SloUnit = 'count' | 'ratio' | 'time';
export type WorkloadKind = 'register' | 'withdraw' | 'counter';

interface SloInfo {
  unit: SloUnit;
  /** Which way is good: a bare number target means `<=` for lower, `>=` for higher. */
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
  lost_increments: {
    unit: 'count',
    better: 'lower',
    workloads: ['counter'],
    description: 'Acknowledged increments missing from the final counter value.',
  },
} as const satisfies Record<string, SloInfo>;

export type SloName = keyof typeof SLOS;
export const SLO_NAMES = Object.keys(SLOS) as SloName[];

const TARGET_PATTERN = /^\s*(<=|>=|==|<|>)\s*(\d+(?:\.\d+)?)\s*(%|ms|s|m)?\s*$/;
const UNITS_ALLOWED: Record<SloUnit, string[]> = {
  count: [''],
  ratio: ['', '%'],
  time: ['', 'ms', 's', 'm'],
};
const UNIT_FACTOR: Record<string, number> = { '': 1, '%': 0.01, ms: 1, s: 1000, m: 60_000 };

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
  const implicit: Comparison = info.better === 'lower' ? '<=' : '>=';
  if (typeof target === 'number') return { op: implicit, threshold: target };
  const match = TARGET_PATTERN.exec(target);
  if (!match) throw new Error(`expected ${TARGET_HINT}`);
  const unit = match[3] ?? '';
  if (!UNITS_ALLOWED[info.unit].includes(unit)) {
    throw new Error(
      `unit "${unit}" does not fit ${name}, a ${info.unit}; ${unitAdvice(info.unit)}`,
    );
  }
  return { op: match[1] as Comparison, threshold: Number(match[2]) * (UNIT_FACTOR[unit] ?? 1) };
}

function unitAdvice(unit: SloUnit): string {
  if (unit === 'count') return 'write a plain number, e.g. "<= 3"';
  if (unit === 'ratio') return 'use %, e.g. "< 0.1%", or a fraction';
  return 'use ms, s or m, e.g. "< 30s"';
}

/** True when the measured value meets the target. */
export function meets(measured: number, target: ResolvedTarget): boolean {
  const { op, threshold } = target;
  if (op === '<') return measured < threshold;
  if (op === '<=') return measured <= threshold;
  if (op === '>') return measured > threshold;
  if (op === '>=') return measured >= threshold;
  return measured === threshold;
}
