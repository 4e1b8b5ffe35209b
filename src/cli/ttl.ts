// `--ttl DURATION`: how long an ad-hoc fault may stay before the watchdog heals it.
import { BadInputError } from '../errors.js';

const TTL_PATTERN = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
/** A day: an ad-hoc fault meant to outlive that is forgotten, not rehearsed. */
export const MAX_TTL_MS = 24 * 3_600_000;

/** `90s`, `10m`, `1h` → milliseconds; `fallback` when the flag was not given. */
export function parseTtl(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const m = TTL_PATTERN.exec(value.trim());
  const ms = m ? Number(m[1]) * UNIT_MS[m[2]!]! : NaN;
  if (!(ms > 0)) {
    throw new BadInputError(
      `--ttl "${value}" is not a duration`,
      'write it like 30s, 10m or 1h (the fault is healed automatically after it)',
    );
  }
  if (ms > MAX_TTL_MS) {
    throw new BadInputError(
      `--ttl "${value}" is longer than the limit of 24h`,
      'give at most --ttl 24h; `gameday fault` again renews a fault you still want',
    );
  }
  return ms;
}
