// The syntax of an SLO target: `0`, "< 0.1%", ">= 99%", "< 30s", checked against the SLO's unit.
import * as z from 'zod';
import { SLOS, type SloInfo, type SloName, type SloUnit } from './slo.js';

// Same grammar as src/slo/target.ts (which evaluates it); test/scenario/slo-sync.test.ts
// checks that both read every target alike. No comparison means "at most".
const TARGET_PATTERN = /^\s*(<=|>=|==|=|<|>)?\s*(\d+(?:\.\d+)?(?:e-?\d+)?)\s*(%|ms|s|m|min)?\s*$/i;
const UNITS_ALLOWED: Record<SloUnit, string[]> = {
  count: [''],
  ratio: ['', '%'],
  time: ['', 'ms', 's', 'm', 'min'],
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
