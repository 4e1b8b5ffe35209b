// Flag values shared by the topology commands: durations (`500ms`, `2s`) and small counts.
import { BadInputError } from '../errors.js';

/** `500ms`, `2s`, `250` (ms) → milliseconds; `fallback` when the flag is empty. */
export function parseDuration(flag: string, value: string, fallback: number): number {
  if (value === '') return fallback;
  const m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(value.trim());
  if (!m || Number(m[1]) <= 0) {
    throw new BadInputError(`${flag} "${value}" is not a duration`, `write it like 500ms or 2s`);
  }
  const ms = m[2] === 's' ? Number(m[1]) * 1000 : Number(m[1]);
  if (ms > MAX_FLAG_MS) {
    throw new BadInputError(
      `${flag} "${value}" is longer than the limit of 60s`,
      'e.g. 500ms or 2s',
    );
  }
  return ms;
}

/** Router health checks further apart than a minute would never see a failover in a game day. */
const MAX_FLAG_MS = 60_000;
const MAX_COUNT = 100;

/** A positive whole number. */
export function parseCount(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_COUNT) {
    throw new BadInputError(
      `${flag} "${value}" is not a whole number from 1 to ${MAX_COUNT}`,
      `e.g. ${flag} 3`,
    );
  }
  return n;
}
