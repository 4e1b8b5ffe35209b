// Durations in scenario files: "500ms", "10s", "2m", or a plain number of seconds.
import * as z from 'zod';
import { LIMITS } from './limits.js';

const DURATION_PATTERN = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export const DURATION_HINT = 'a duration such as 500ms, 10s or 2m, or a number of seconds';

/** The schema of one duration field, at most `maxMs`; the loader converts it with `durationMs`. */
export function duration(description: string, maxMs: number = LIMITS.durationMs) {
  const most = `at most ${formatMs(maxMs)}`;
  return z
    .union([
      z
        .number({ error: `expected ${DURATION_HINT}` })
        .min(0, { error: 'must not be negative' })
        .max(maxMs / 1000, { error: most }),
      z.string().regex(DURATION_PATTERN, { error: `expected ${DURATION_HINT}` }),
    ])
    .refine((value) => !(withinDurationForms(value) && durationMs(value) > maxMs), { error: most })
    .meta({ description: `${description} At most ${formatMs(maxMs)}.` });
}

/** zod runs a union's refinement even when no form matched: only judge what is a duration. */
function withinDurationForms(value: unknown): value is number | string {
  return typeof value === 'number' || (typeof value === 'string' && DURATION_PATTERN.test(value));
}

/** Milliseconds of a duration the schema accepted (numbers are seconds). */
export function durationMs(value: number | string): number {
  if (typeof value === 'number') return value * 1000;
  const match = DURATION_PATTERN.exec(value);
  if (!match) throw new Error(`not a duration: ${value}`);
  return Number(match[1]) * (UNIT_MS[match[2] as string] ?? 1);
}

/** "90000" -> "90s": how a millisecond value is shown back to a person. */
export function formatMs(ms: number): string {
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000 && ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
