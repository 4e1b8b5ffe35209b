// Schedule skew: how late gameday began applying or healing each fault against its plan
// (the scheduler's precision; how long the fault itself took to act is not skew).
import type { RunEvent } from '../model.js';

export interface Skew {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export function scheduleSkew(events: RunEvent[]): Skew {
  const skews = events
    .filter((e) => typeof e.plannedTime === 'number')
    .map((e) => (e.startedTime ?? e.time) - (e.plannedTime as number))
    .sort((a, b) => a - b);
  const at = (q: number) => skews[Math.min(skews.length - 1, Math.ceil(q * skews.length) - 1)] ?? 0;
  return { count: skews.length, p50: at(0.5), p99: at(0.99), max: skews.at(-1) ?? 0 };
}
