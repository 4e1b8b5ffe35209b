// The one grammar of an SLO target: `0`, "< 0.1%", "< 10 per 10k", ">= 99%", "< 30s". The
// scenario validator and the SLO evaluator (src/slo/target.ts) both read targets here.
// Rates and percentages carry `%` or `per 10k`, times carry `ms`, `s` or `m`: a bare number
// there (`">= 99"`, `0.001`) is refused with the likely fix, never read as a fraction.
import { sloInfo, type SloInfo, type SloUnit } from './slo.js';

export const TARGET_PATTERN =
  /^\s*(<=|>=|==|=|<|>)?\s*(\d+(?:\.\d+)?(?:e-?\d+)?)\s*(%|per\s*10k|ms|s|m|min)?\s*$/i;
const UNITS_ALLOWED: Record<SloUnit, string[]> = {
  count: [''],
  ratio: ['%', 'per 10k'],
  time: ['ms', 's', 'm', 'min'],
  boolean: [],
};
const UNIT_FACTOR: Record<string, number> = {
  '': 1,
  '%': 0.01,
  'per 10k': 0.0001,
  ms: 1,
  s: 1000,
  m: 60_000,
  min: 60_000,
};

export const TARGET_HINT =
  'a number, or a comparison with its unit such as "< 0.1%", ">= 99%", "< 10 per 10k", "<= 30s"';

export type Comparison = '<' | '<=' | '>' | '>=' | '==';

/** A target resolved to the measured value's units: counts, fractions (0..1) or milliseconds. */
export interface ResolvedTarget {
  op: Comparison;
  threshold: number;
}

/** Resolves a target; throws a plain Error with the reason and the fix when it does not fit. */
export function resolveTarget(name: string, target: string | number | boolean): ResolvedTarget {
  const info = sloInfo(name);
  if (!info) throw new Error(`unknown SLO ${name}`);
  // A property SLO holds or not: `true` means no key breaks it (the measured count is 0).
  if (info.unit === 'boolean') {
    if (target !== true) throw new Error(`${name} takes the target true (write ${name}: true)`);
    return { op: '==', threshold: 0 };
  }
  if (typeof target === 'boolean') throw new Error(`expected ${TARGET_HINT}`);
  const match = typeof target === 'number' ? null : TARGET_PATTERN.exec(target);
  if (typeof target === 'string' && !match) throw new Error(`expected ${TARGET_HINT}`);
  const written = match?.[1];
  const op = (written === '=' ? '==' : (written ?? '<=')) as Comparison;
  const unit = (match?.[3] ?? '').toLowerCase().replace(/^per\s*10k$/, 'per 10k');
  const number = typeof target === 'number' ? target : Number(match?.[2]);
  // 0 is 0 in every unit, so a bare 0 is never ambiguous.
  const bareZero = unit === '' && number === 0 && info.unit !== 'count';
  if (!bareZero && !UNITS_ALLOWED[info.unit].includes(unit)) {
    throw new Error(unitProblem(name, info, unit, number, written));
  }
  if (info.better === 'higher' && !written) {
    throw new Error(
      `${name} needs a comparison such as ">= 99%": a target without one means "at most"`,
    );
  }
  return { op, threshold: number * (UNIT_FACTOR[unit] ?? 1) };
}

function unitProblem(
  name: string,
  info: SloInfo,
  unit: string,
  n: number,
  written: string | undefined,
): string {
  const op = written ?? (info.better === 'higher' ? '>=' : '<=');
  if (info.unit === 'count') {
    return `unit "${unit}" does not fit ${name}, a count; write a plain number, e.g. "<= 3"`;
  }
  if (unit !== '') {
    const advice = info.unit === 'ratio' ? 'use % or per 10k, e.g. "< 0.1%"' : 'use ms, s or m';
    return `unit "${unit}" does not fit ${name}, a ${info.unit}; ${advice}, e.g. '${op} ${n}${info.unit === 'ratio' ? '%' : 's'}'`;
  }
  if (info.unit === 'time') {
    return `${name} is a time and ${n} has no unit; did you mean '${op} ${n}s' or '${op} ${n}ms'?`;
  }
  // A value of 1 or more was meant as a percentage; one below 1 most likely as a fraction.
  const percent = n >= 1 ? n : Number((n * 100).toPrecision(12));
  const reading = n >= 1 ? '' : ` (${n} as a fraction)`;
  return (
    `${name} is a rate: a bare ${n} is never read as a fraction; write % or per 10k — ` +
    `did you mean '${op} ${percent}%'${reading}?`
  );
}
