// Time to detect and time to mitigate, per fault step (docs/checks.md "Response"). A fault's
// response window runs from its start to the next fault's start (or the timeline's end).
// Detected: the first `detected` mark, or failing attempt of an alert probe, in the window.
// Mitigated: the first `mitigated` mark in the window, or the end of the first successful
// mitigating action (`mitigates: true`) after which every 1 s window up to the window's end
// meets the availability target on the entry (router ops when there are any, else every op).
import type { Op } from '../history/ops.js';
import { scanOps } from '../history/table.js';
import type { FaultResponse, Millis, RunEvent } from '../model.js';
import type { FaultStep } from './faults.js';
import { WINDOW_MS } from './failover.js';
import { roundMs } from './stats.js';
import { isProbeKey } from './values.js';

export function checkResponse(
  events: readonly RunEvent[],
  ops: Iterable<Op>,
  steps: readonly FaultStep[],
  timelineEnd: Millis,
  target: number,
): FaultResponse[] {
  const tally = new ResponseTally(events, steps);
  if (tally.needed) for (const o of scanOps(ops)) tally.add(o);
  return tally.result(timelineEnd, target);
}

/** Completion times and outcomes (8 + 1 bytes an op), growing as ops come. */
class Points {
  length = 0;
  times = new Float64Array(1024);
  ok = new Uint8Array(1024);
  push(time: Millis, ok: boolean): void {
    if (this.length === this.times.length) {
      const times = new Float64Array(this.length * 2);
      times.set(this.times);
      this.times = times;
      const oks = new Uint8Array(this.length * 2);
      oks.set(this.ok);
      this.ok = oks;
    }
    this.times[this.length] = time;
    this.ok[this.length++] = ok ? 1 : 0;
  }
}

/** Response over ops given one at a time (any order). Only each op's completion time and
 * outcome are kept, per entry: proportional to the ops, and only when an action could be the
 * mitigation (a long history is not held for nothing). */
export class ResponseTally {
  private readonly router = new Points();
  private readonly workload = new Points();
  readonly needed: boolean;

  constructor(
    private readonly events: readonly RunEvent[],
    private readonly steps: readonly FaultStep[],
  ) {
    this.needed = steps.length > 0 && events.some((e) => e.type === 'action-end' && e.mitigates);
  }

  add(o: Op): void {
    if (!this.needed || isProbeKey(o.key)) return;
    const ok = o.outcome === 'ok';
    this.workload.push(o.complete, ok);
    if (o.via === 'router') this.router.push(o.complete, ok);
  }

  result(timelineEnd: Millis, target: number): FaultResponse[] {
    return respond(
      this.events,
      this.router.length > 0 ? this.router : this.workload,
      this.steps,
      timelineEnd,
      target,
    );
  }
}

function respond(
  events: readonly RunEvent[],
  entry: Points,
  steps: readonly FaultStep[],
  timelineEnd: Millis,
  target: number,
): FaultResponse[] {
  const sorted = [...events].sort((a, b) => a.time - b.time);
  return steps.map((step) => {
    const next = steps.find((s) => s.start > step.start)?.start ?? Infinity;
    const end = Math.min(next, Math.max(timelineEnd, step.start));
    const inWindow = sorted.filter((e) => e.time >= step.start && e.time < end);
    const detection = inWindow.find(
      (e) =>
        (e.type === 'mark' && e.kind === 'detected') ||
        (e.type === 'probe' && e.alert === true && e.ok === false),
    );
    const mitigation = inWindow.find(
      (e) =>
        (e.type === 'mark' && e.kind === 'mitigated') ||
        (e.type === 'action-end' &&
          e.mitigates === true &&
          e.ok === true &&
          holdsFrom(entry, e.time, end, target)),
    );
    const since = (e: RunEvent | undefined) => (e ? roundMs(e.time - step.start) : null);
    return {
      step: step.id,
      fault: `${step.fault ?? ''} ${step.regions.join(' ')}`.trim(),
      detectMs: since(detection),
      detectedBy: detection ? by(detection) : null,
      mitigateMs: since(mitigation),
      mitigatedBy: mitigation ? by(mitigation) : null,
    };
  });
}

function by(e: RunEvent): string {
  if (e.type === 'mark') return 'mark';
  return `${e.type === 'probe' ? 'probe' : 'action'} ${e.id ?? ''}`.trim();
}

/** Every 1 s window [from + i·1000, from + (i+1)·1000) before `end` has no op, or ok/total at
 * or above the target (ops counted at completion). */
function holdsFrom(entry: Points, from: Millis, end: Millis, target: number): boolean {
  const windows = new Map<number, { ok: number; total: number }>();
  for (let i = 0; i < entry.length; i++) {
    const time = entry.times[i]!;
    if (time < from || time >= end) continue;
    const w = Math.floor((time - from) / WINDOW_MS);
    const counts = windows.get(w) ?? { ok: 0, total: 0 };
    counts.total += 1;
    if (entry.ok[i] === 1) counts.ok += 1;
    windows.set(w, counts);
  }
  return [...windows.values()].every((c) => c.ok >= target * c.total - 1e-9);
}
