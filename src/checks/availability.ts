// Availability (docs/checks.md "Availability"): ok / (ok + fail + info) per entry — `router`
// for every op with via "router", whichever region answered (the user's view), and each region
// for its direct clients — over all entries, and per phase (by invoke time). Probe ops are
// measurement, not load. Tallied in one pass (./phase-slots.ts): per slot, joined into phases.
import type { Op } from '../history/ops.js';
import { scanOps } from '../history/table.js';
import type { Millis, Report } from '../model.js';
import { PhaseSlots } from './phase-slots.js';
import { phaseIndex, type Phase } from './phases.js';
import { entryOf, isProbeKey } from './values.js';

type Result = Report['checks']['availability'];

class Tally {
  ok = 0;
  all = 0;
  readonly entries = new Map<string, { ok: number; all: number }>();
  add(entry: string, ok: boolean, n = 1, okN = ok ? n : 0): void {
    let c = this.entries.get(entry);
    if (!c) this.entries.set(entry, (c = { ok: 0, all: 0 }));
    c.all += n;
    this.all += n;
    c.ok += okN;
    this.ok += okN;
  }
  /** Adds another tally's counts. */
  join(t: Tally): void {
    for (const [entry, c] of t.entries) this.add(entry, false, c.all, c.ok);
  }
  byEntry(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, c] of [...this.entries].sort(([a], [b]) => a.localeCompare(b)))
      out[name] = c.ok / c.all;
    return out;
  }
}

/** Availability over ops given one at a time in history order. */
export class AvailabilityTally {
  private readonly total = new Tally();
  private readonly slots: Tally[];
  /** Ops whose phase waits for the timeline's end. */
  private readonly waiting: { invoke: Millis; entry: string; ok: boolean }[] = [];

  constructor(private readonly phaseSlots: PhaseSlots) {
    this.slots = Array.from({ length: phaseSlots.count }, () => new Tally());
  }

  add(op: Op): void {
    if (isProbeKey(op.key)) return;
    const success = op.outcome === 'ok';
    const entry = entryOf(op);
    this.total.add(entry, success);
    const invoke = op.invoke;
    const i = this.phaseSlots.slot(invoke, op.complete);
    if (i === undefined) this.waiting.push({ invoke, entry, ok: success });
    else if (i >= 0) this.slots[i]!.add(entry, success);
  }

  /** `lastOpTime`: the latest completion of any op (-Infinity: none). */
  result(lastOpTime: Millis): Result {
    const phases = this.phaseSlots.phases(lastOpTime);
    const perPhase = phases.map(() => new Tally());
    this.phaseSlots
      .phaseOfSlots(phases)
      .forEach((p, s) => p >= 0 && perPhase[p]!.join(this.slots[s]!));
    for (const w of this.waiting) {
      const i = phaseIndex(phases, w.invoke);
      if (i >= 0) perPhase[i]!.add(w.entry, w.ok);
    }
    const total = this.total;
    return {
      overall: total.all === 0 ? 1 : total.ok / total.all,
      byEntry: total.byEntry(),
      byPhase: phases.map((p, i) => {
        const t = perPhase[i]!;
        return {
          phase: p.phase,
          startMs: p.startMs,
          endMs: p.endMs,
          ops: t.all,
          overall: t.all === 0 ? null : t.ok / t.all,
          byEntry: t.byEntry(),
        };
      }),
    };
  }
}

export function checkAvailability(ops: Iterable<Op>, phases: readonly Phase[]): Result {
  const tally = new AvailabilityTally(PhaseSlots.fixed(phases));
  for (const op of scanOps(ops)) tally.add(op);
  return tally.result(-Infinity);
}
