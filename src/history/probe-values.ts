// The probe part of the history contract (DESIGN.md §6): key `probe:<origin>`, written values
// `probe:<origin>:<seq>` with seq growing by one per probe write of that origin.

export const PROBE_PREFIX = 'probe:';

export function probeKey(origin: string): string {
  return `${PROBE_PREFIX}${origin}`;
}

export function probeValue(origin: string, seq: number): string {
  return `${PROBE_PREFIX}${origin}:${seq}`;
}

/** `probe:us` → `us`; undefined for a key that is not a probe key. */
export function probeOrigin(key: string): string | undefined {
  return key.startsWith(PROBE_PREFIX) ? key.slice(PROBE_PREFIX.length) : undefined;
}

/** The sequence a probe value carries (`probe:us:41` → 41, read from the trailing `:<digits>`);
 * -Infinity for null (nothing replicated yet) or a value carrying none: it covers nothing. */
export function probeSequence(value: unknown): number {
  if (typeof value !== 'string') return -Infinity;
  const digits = /:(\d+)$/.exec(value)?.[1];
  return digits === undefined ? -Infinity : Number(digits);
}
