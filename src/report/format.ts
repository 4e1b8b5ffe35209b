// How measured SLO values read for people: fractions as percentages, times in seconds.
const FRACTIONS = new Set([
  'stale_read_rate',
  'availability',
  'availability_region',
  'traffic_skew',
  'conflict_rate',
]);
const TIMES = /(_time|^replication_lag_|^latency_|^time_to_|^wait_)/;

export function formatMeasured(name: string, measured: number | string | null): string {
  if (typeof measured !== 'number') return String(measured);
  // A per-region row is named `availability_region.eu`.
  if (FRACTIONS.has(name.split('.')[0] ?? name) || name.startsWith('probe_'))
    return `${trim(measured * 100, 4)}%`;
  if (TIMES.test(name))
    return measured >= 1000 ? `${trim(measured / 1000, 3)}s` : `${trim(measured, 1)}ms`;
  return String(trim(measured, 3));
}

const trim = (n: number, digits: number): number => Number(n.toFixed(digits));

/** A `route` event as people say it: `drain eu`, `ready eu`, `weight eu 50`. */
export function routeText(e: { regions?: string[]; params?: Record<string, unknown> }): string {
  const action = typeof e.params?.action === 'string' ? e.params.action : 'route';
  const weight = typeof e.params?.weight === 'number' ? ` ${e.params.weight}` : '';
  return `${action} ${(e.regions ?? []).join(' ')}${weight}`;
}
