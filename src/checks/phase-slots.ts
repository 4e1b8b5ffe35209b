// Phases for a one-pass tally (issue 15): an op goes to its phase by invoke time, but the
// timeline's end waits for the last op's completion when no `heal` event fixes it. So ops are
// tallied by slot (cut at the timeline start and every fault start and end after it), which
// lies within one phase whatever the end turns out to be, and slots are joined into phases at
// the end. An op invoked after its own completion could fall after that end: it waits.
import type { Millis, RunEvent } from '../model.js';
import type { FaultStep } from './faults.js';
import { phaseIndex, phasesOf, timelineSpan, type Phase } from './phases.js';

export class PhaseSlots {
  private constructor(
    /** Slot starts, ascending; the first is the timeline's start. */
    private readonly starts: readonly number[],
    private readonly known: readonly Phase[] | undefined,
    private readonly timeline: (lastOpTime: Millis) => Phase[],
  ) {}

  /** The phases of these events' fault steps; their end is the last op time unless healed. */
  static of(steps: readonly FaultStep[], events: readonly RunEvent[]): PhaseSlots {
    const healed = events.some((e) => e.type === 'phase' && e.phase === 'heal');
    if (healed) return PhaseSlots.fixed(phasesOf(steps, timelineSpan(events, 0)));
    const [start] = timelineSpan(events, -Infinity);
    const cuts = new Set([start]);
    for (const s of steps)
      for (const t of [s.start, s.end]) if (Number.isFinite(t) && t > start) cuts.add(t);
    return new PhaseSlots(
      [...cuts].sort((a, b) => a - b),
      undefined,
      (last) => phasesOf(steps, timelineSpan(events, last)),
    );
  }

  /** Phases known up front: a slot is a phase. */
  static fixed(phases: readonly Phase[]): PhaseSlots {
    return new PhaseSlots(
      phases.map((p) => p.startMs),
      phases,
      () => [...phases],
    );
  }

  get count(): number {
    return this.starts.length;
  }

  /** The slot of an op invoked at `invoke`: -1 outside the timeline; undefined when it cannot
   * be told before the end is known (it was invoked after it completed). */
  slot(invoke: Millis, complete: Millis): number | undefined {
    if (this.known) return phaseIndex(this.known, invoke);
    if (invoke > complete) return undefined;
    const s = this.starts;
    if (s.length === 0 || invoke < s[0]!) return -1;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (s[mid]! <= invoke) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The phases, once `lastOpTime` (the latest completion, -Infinity: none) is known. */
  phases(lastOpTime: Millis): Phase[] {
    return this.timeline(lastOpTime);
  }

  /** The phase index of each slot in these phases (-1: after the end, where no op fell). */
  phaseOfSlots(phases: readonly Phase[]): number[] {
    if (this.known) return this.starts.map((_, i) => i);
    return this.starts.map((t) => phaseIndex(phases, t));
  }
}
