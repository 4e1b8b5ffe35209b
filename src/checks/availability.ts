// Availability = ok / (ok + fail + info), overall, per region and per phase. Phases follow the
// fault steps by invoke time: `before` the first fault, `<step>:during` [start, end], and
// `<step>:after` from the end to the next fault's start. Probe ops are measurement, not load.
import type { Op } from '../history/ops.js';
import type { Report } from '../model.js';
import type { FaultStep } from './faults.js';
import { isProbeKey } from './values.js';

type Result = Report['checks']['availability'];

class Tally {
  private readonly counts = new Map<string, { ok: number; all: number }>();
  add(name: string, ok: boolean): void {
    const c = this.counts.get(name) ?? { ok: 0, all: 0 };
    this.counts.set(name, c);
    c.all++;
    if (ok) c.ok++;
  }
  ratios(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, c] of this.counts) out[name] = c.ok / c.all;
    return out;
  }
}

export function checkAvailability(ops: readonly Op[], steps: readonly FaultStep[]): Result {
  const regions = new Tally();
  const phases = new Tally();
  let ok = 0;
  let all = 0;
  for (const op of ops) {
    if (isProbeKey(op.key)) continue;
    const success = op.outcome === 'ok';
    all++;
    if (success) ok++;
    regions.add(op.region, success);
    for (const phase of phasesOf(op.invoke, steps)) phases.add(phase, success);
  }
  return {
    overall: all === 0 ? 1 : ok / all,
    byRegion: regions.ratios(),
    byPhase: phases.ratios(),
  };
}

function phasesOf(t: number, steps: readonly FaultStep[]): string[] {
  if (steps.length === 0 || t < (steps[0] as FaultStep).start) return ['before'];
  const names: string[] = [];
  steps.forEach((s, i) => {
    const nextStart = steps[i + 1]?.start ?? Infinity;
    if (t >= s.start && t <= s.end) names.push(`${s.id}:during`);
    else if (t > s.end && t < nextStart) names.push(`${s.id}:after`);
  });
  return names;
}
