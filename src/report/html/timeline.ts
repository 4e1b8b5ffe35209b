// What the charts overlay on time: fault windows (shaded), marks people made during the run
// (dashed lines) and anomaly markers (from evidence).
import type { Evidence, Millis, Report, RunEvent } from '../../model.js';
import { routeText } from '../format.js';

/** A fault in force from `start` to `end` (ms); `end` is the run's end when never healed. */
export interface FaultWindow {
  id: string;
  label: string;
  start: Millis;
  end: Millis;
  healed: boolean;
}

/** One offending operation placed on the timeline, in the lane of its check. */
export interface AnomalyMarker {
  lane: string;
  time: Millis;
  key: string;
  region: string;
  note: string;
}

/** Pairs each fault-start with the fault-end of the same step id. */
export function faultWindows(events: RunEvent[], runEnd: Millis): FaultWindow[] {
  const windows: FaultWindow[] = [];
  const open = new Map<string, FaultWindow>();
  for (const event of events) {
    const id = event.id ?? event.fault ?? 'fault';
    if (event.type === 'fault-start') {
      const regions = (event.regions ?? []).join(' ↔ ');
      const by = event.source === 'manual' ? '(by hand)' : '';
      const label = [event.id, event.fault, regions, by].filter(Boolean).join(' ');
      const window = { id, label, start: event.time, end: runEnd, healed: false };
      open.set(id, window);
      windows.push(window);
    } else if (event.type === 'fault-end') {
      const window = open.get(id);
      if (window) Object.assign(window, { end: event.time, healed: true });
      open.delete(id);
    }
  }
  return windows;
}

/** A moment a person marked during the run (`gameday mark`). */
export interface TimelineMark {
  time: Millis;
  kind: string;
  text: string;
}

/** Marks, and route changes (`gameday route`) as marks of kind `route`. */
export function timelineMarks(events: RunEvent[]): TimelineMark[] {
  return events.flatMap((e) => {
    if (e.type === 'route') return [{ time: e.time, kind: 'route', text: routeText(e) }];
    return e.type === 'mark' ? [{ time: e.time, kind: e.kind ?? 'note', text: e.text ?? '' }] : [];
  });
}

/** The checks whose evidence has a place in time, in lane order (top to bottom). */
const LANES: [string, (checks: Report['checks']) => Evidence[] | undefined][] = [
  ['stale read', (c) => c.staleReads.evidence],
  ['read-your-writes', (c) => c.readYourWrites.evidence],
  ['monotonic read', (c) => c.monotonicReads.evidence],
  ['impossible read', (c) => c.impossibleReads.evidence],
  ['split-brain write', (c) => c.splitBrainWrites.evidence],
  ['lost write', (c) => c.lostWrites.evidence],
];

export const ANOMALY_LANES = LANES.map(([lane]) => lane);

/** Every timed piece of evidence in the report, as a marker in its check's lane. */
export function anomalyMarkers(report: Report): AnomalyMarker[] {
  return LANES.flatMap(([lane, evidenceOf]) =>
    (evidenceOf(report.checks) ?? [])
      .filter((e) => Number.isFinite(e.time))
      .map((e) => ({
        lane,
        time: e.time,
        key: e.key ?? '',
        region: e.region ?? '',
        note: e.note,
      })),
  );
}
