// The SLO target grammar: `0` (at most 0), `"< 0.1%"`, `"< 30s"`, `">= 99%"`, `"<= 250ms"`.
// A bare number or a target without a comparison means "at most". Units scale the number to
// what checks measure: % → a fraction, s/m → milliseconds, ms and no unit → as written.
import { BadInputError } from '../errors.js';

export type Comparison = '<' | '<=' | '>' | '>=' | '==';

export interface SloTarget {
  /** The target as the user wrote it, shown in every report. */
  text: string;
  comparison: Comparison;
  /** The bound, in the measured quantity's unit (fraction, milliseconds or count). */
  bound: number;
}

const GRAMMAR = /^\s*(<=|>=|==|=|<|>)?\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*(%|ms|s|m|min)?\s*$/i;
const SCALE: Record<string, number> = { '%': 0.01, ms: 1, s: 1000, m: 60_000, min: 60_000 };

export function parseTarget(name: string, raw: unknown): SloTarget {
  if (typeof raw === 'number' && Number.isFinite(raw)) {
    return { text: String(raw), comparison: '<=', bound: raw };
  }
  const match = typeof raw === 'string' ? GRAMMAR.exec(raw) : null;
  if (!match) {
    throw new BadInputError(
      `SLO "${name}" has target ${JSON.stringify(raw)}, which is not a target`,
      'write a number (at most that many) or a comparison with an optional unit: "< 0.1%", "< 30s", ">= 99%", "<= 250ms"',
    );
  }
  const [, op = '<=', number = '0', unit = ''] = match;
  return {
    text: String(raw).trim(),
    comparison: (op === '=' ? '==' : op) as Comparison,
    bound: Number(number) * (SCALE[unit.toLowerCase()] ?? 1),
  };
}

/** Does `measured` meet the target? "never" and other non-numbers never do. */
export function meets(target: SloTarget, measured: number | string | null): boolean {
  if (typeof measured !== 'number' || Number.isNaN(measured)) return false;
  const eps = 1e-12 * Math.max(1, Math.abs(target.bound));
  switch (target.comparison) {
    case '<':
      return measured < target.bound - eps;
    case '<=':
      return measured <= target.bound + eps;
    case '>':
      return measured > target.bound + eps;
    case '>=':
      return measured >= target.bound - eps;
    case '==':
      return Math.abs(measured - target.bound) <= eps;
  }
}
