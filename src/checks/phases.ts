// The run's phases (docs/checks.md "Phases"): `before` (timeline start to the first fault's
// start), `during:<id>` while a fault is in force, `after:<id>` from its end to the next start or
// the timeline's end. Overlapping faults split phases at every start and end: while several are
// in force the phase is `during:<id>+<id>`. An op belongs to the phase in which it was invoked.
import type { Millis, RunEvent } from '../model.js';
import type { FaultStep } from './faults.js';

export interface Phase {
  phase: string;
  startMs: Millis;
  endMs: Millis;
  /** The fault steps in force throughout the phase. */
  inForce: FaultStep[];
}

/** The timeline: from the `faults` phase event (else 0) to the `heal` phase event (else the
 * last time the history or the events show). */
export function timelineSpan(events: readonly RunEvent[], lastOpTime: Millis): [Millis, Millis] {
  const at = (name: string) => events.find((e) => e.type === 'phase' && e.phase === name)?.time;
  const start = at('faults') ?? 0;
  const lastEvent = events
    .filter((e) => e.type === 'fault-start' || e.type === 'fault-end')
    .reduce((t, e) => Math.max(t, e.time), -Infinity);
  const end = at('heal') ?? Math.max(lastOpTime, lastEvent);
  return [start, Math.max(start, end)];
}

export function phasesOf(steps: readonly FaultStep[], span: [Millis, Millis]): Phase[] {
  const [start, end] = span;
  const inside = (t: number) => Number.isFinite(t) && t > start && t < end;
  const cuts = new Set([start, end]);
  for (const s of steps) for (const t of [s.start, s.end]) if (inside(t)) cuts.add(t);
  const bounds = [...cuts].sort((a, b) => a - b);
  // An empty timeline (start = end) is one phase of no length.
  const pieces =
    bounds.length === 1 ? [[start, end]] : bounds.slice(1).map((b, i) => [bounds[i]!, b]);
  return pieces.map(([a, b]) => {
    const inForce = steps.filter((s) => s.start <= a! && a! < s.end);
    return { phase: nameOf(a!, inForce, steps), startMs: a!, endMs: b!, inForce };
  });
}

function nameOf(at: Millis, inForce: FaultStep[], steps: readonly FaultStep[]): string {
  if (inForce.length > 0) return `during:${inForce.map((s) => s.id).join('+')}`;
  const ended = steps.filter((s) => s.end <= at);
  if (ended.length === 0) return 'before';
  const last = Math.max(...ended.map((s) => s.end));
  return `after:${ended
    .filter((s) => s.end === last)
    .map((s) => s.id)
    .join('+')}`;
}

/** Index of the phase in which time t falls ([start, end); the last phase includes its end),
 * or -1 outside the timeline. */
export function phaseIndex(phases: readonly Phase[], t: Millis): number {
  const last = phases.length - 1;
  if (last < 0 || t < phases[0]!.startMs || t > phases[last]!.endMs) return -1;
  let lo = 0;
  let hi = last;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (phases[mid]!.startMs <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
