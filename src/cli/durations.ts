// Flag values shared by the topology commands: durations (`500ms`, `2s`) and small counts.
import { BadInputError } from '../errors.js';

/** `500ms`, `2s`, `250` (ms) → milliseconds; `fallback` when the flag is empty. */
export function parseDuration(flag: string, value: string, fallback: number): number {
  if (value === '') return fallback;
  const m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(value.trim());
  if (!m || Number(m[1]) <= 0) {
    throw new BadInputError(`${flag} "${value}" is not a duration`, `write it like 500ms or 2s`);
  }
  return m[2] === 's' ? Number(m[1]) * 1000 : Number(m[1]);
}

/** A positive whole number. */
export function parseCount(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new BadInputError(`${flag} "${value}" is not a positive whole number`, `e.g. ${flag} 3`);
  }
  return n;
}
