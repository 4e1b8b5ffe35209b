// Availability (docs/checks.md "Availability"): ok / (ok + fail + info) per entry — `router`
// for every op with via "router", whichever region answered (the user's view), and each region
// for its direct clients — over all entries, and per phase (by invoke time). Probe ops are
// measurement, not load.
import type { Op } from '../history/ops.js';
import { scanOps } from '../history/table.js';
import type { Report } from '../model.js';
import { phaseIndex, type Phase } from './phases.js';
import { entryOf, isProbeKey } from './values.js';

type Result = Report['checks']['availability'];

class Tally {
  ok = 0;
  all = 0;
  readonly entries = new Map<string, { ok: number; all: number }>();
  add(entry: string, ok: boolean): void {
    let c = this.entries.get(entry);
    if (!c) this.entries.set(entry, (c = { ok: 0, all: 0 }));
    c.all++;
    this.all++;
    if (ok) {
      c.ok++;
      this.ok++;
    }
  }
  byEntry(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, c] of [...this.entries].sort(([a], [b]) => a.localeCompare(b)))
      out[name] = c.ok / c.all;
    return out;
  }
}

export function checkAvailability(ops: Iterable<Op>, phases: readonly Phase[]): Result {
  const total = new Tally();
  const perPhase = phases.map(() => new Tally());
  for (const op of scanOps(ops)) {
    if (isProbeKey(op.key)) continue;
    const success = op.outcome === 'ok';
    const entry = entryOf(op);
    total.add(entry, success);
    const i = phaseIndex(phases, op.invoke);
    if (i >= 0) perPhase[i]!.add(entry, success);
  }
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
