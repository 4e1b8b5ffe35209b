// How measured SLO values read for people: fractions as percentages, times in seconds.
const FRACTIONS = new Set(['stale_read_rate', 'availability']);
const TIMES = /(_time|^replication_lag_|^latency_)/;

export function formatMeasured(name: string, measured: number | string | null): string {
  if (typeof measured !== 'number') return String(measured);
  if (FRACTIONS.has(name)) return `${trim(measured * 100, 4)}%`;
  if (TIMES.test(name))
    return measured >= 1000 ? `${trim(measured / 1000, 3)}s` : `${trim(measured, 1)}ms`;
  return String(trim(measured, 3));
}

const trim = (n: number, digits: number): number => Number(n.toFixed(digits));
