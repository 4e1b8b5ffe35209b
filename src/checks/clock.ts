// The scenario clock (DESIGN.md section 6): t = 0 at the `phase` event that begins the fault
// timeline (`faults`), where steps' `at:` count from. Every report shows times on it: the
// history and events are shifted once, here, so each check and figure reads them as they are.
// A history with no such event (a foreign one) keeps its own zero.
import type { Millis, RunEvent } from '../model.js';
import { OpTable, type OpSource } from '../history/table.js';

/** What a report says about its clock (report.json `scenarioClock`, and every other report). */
export interface ScenarioClock {
  /** The history time taken as t = 0 (ms): the `faults` phase event's, or 0 without one. */
  zeroMs: Millis;
  /** The sentence every report prints. */
  note: string;
}

/** The history time of the first `faults` phase event, or 0 when there is none. */
export function scenarioZero(events: readonly RunEvent[]): Millis {
  const start = events.find((e) => e.type === 'phase' && e.phase === 'faults');
  return start ? start.time : 0;
}

export function scenarioClock(events: readonly RunEvent[]): ScenarioClock {
  const zeroMs = scenarioZero(events);
  const note = events.some((e) => e.type === 'phase' && e.phase === 'faults')
    ? `times on the scenario clock: t=0 is where steps' \`at:\` counts from (history time ${zeroMs} ms, the end of warmup)`
    : "times on the history clock: t=0 is the history's time 0 (no `faults` phase event in events.jsonl)";
  return { zeroMs, note };
}

/** The operations with their times moved to the scenario clock (a table moves in place). */
export function shiftOps<T extends OpSource>(ops: T, zero: Millis): T;
export function shiftOps(ops: OpSource, zero: Millis): OpSource {
  if (zero === 0) return ops;
  if (ops instanceof OpTable) return ops.shift(zero);
  return ops.map((op) => ({
    ...op,
    invoke: op.invoke - zero,
    complete: op.complete - zero,
    ok: op.ok - zero,
  }));
}

/** The events with their times (and planned and started times) moved to the scenario clock. */
export function shiftEvents(events: RunEvent[], zero: Millis): RunEvent[] {
  if (zero === 0) return events;
  return events.map((e) => ({
    ...e,
    time: e.time - zero,
    ...(e.plannedTime !== undefined && { plannedTime: e.plannedTime - zero }),
    ...(e.startedTime !== undefined && { startedTime: e.startedTime - zero }),
  }));
}
