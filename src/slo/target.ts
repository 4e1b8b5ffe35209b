// SLO targets as the evaluator uses them. The grammar itself lives in one place,
// src/scenario/slo-target.ts, shared with the scenario validator: `0`, "< 0.1%",
// "< 10 per 10k", ">= 99%", "< 30s"; a rate or time without its unit is bad input.
import { BadInputError } from '../errors.js';
import { sloInfo } from '../scenario/slo.js';
import { resolveTarget, type Comparison } from '../scenario/slo-target.js';

export type { Comparison };

export interface SloTarget {
  /** The target as the user wrote it, shown in every report. */
  text: string;
  comparison: Comparison;
  /** The bound, in the measured quantity's unit (fraction, milliseconds or count). */
  bound: number;
}

/** Reads the target of SLO `name`; `where` prefixes the message (file:line:column). */
export function parseTarget(name: string, raw: unknown, where = `SLO "${name}"`): SloTarget {
  if (!sloInfo(name)) throw new BadInputError(`${where}: unknown SLO "${name}"`);
  if (
    raw !== true &&
    typeof raw !== 'string' &&
    (typeof raw !== 'number' || !Number.isFinite(raw) || raw < 0)
  ) {
    throw new BadInputError(
      `${where}: target ${JSON.stringify(raw)} is not a target`,
      'write a number (at most that many) or a comparison with its unit: "< 0.1%", "< 30s", ">= 99%"',
    );
  }
  try {
    const { op, threshold } = resolveTarget(name, raw);
    return { text: String(raw).trim(), comparison: op, bound: threshold };
  } catch (err) {
    throw new BadInputError(
      `${where}: ${(err as Error).message}, got ${JSON.stringify(raw)}`,
      'docs/checks.md (SLOs) gives the target grammar',
    );
  }
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
