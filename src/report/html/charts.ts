// Chart specifications (aligned data + series styles) built in Node, so the page's script only
// hands them to uPlot. Times are seconds on the scenario clock (checks/clock.ts) on every x axis.
import type { Report } from '../../model.js';
import { binStarts, type BinnedHistory } from './binning.js';
import {
  ANOMALY_LANES,
  type AnomalyMarker,
  type FaultWindow,
  type TimelineMark,
} from './timeline.js';

export type SeriesStyle = 'line' | 'dashed' | 'points';

export interface ChartSpec {
  id: string;
  title: string;
  unit: string;
  /** [x, y1, y2, ...] aligned arrays, as uPlot wants them. */
  data: (number | null)[][];
  series: { label: string; color: string; style: SeriesStyle }[];
  /** Per-second counts hold for their whole second: drawn as steps, not slopes. */
  stepped?: boolean;
  /** Join points across empty slots: for series sampled at other series' times (lag). A gap
   * in latency means no ok operation that second, and stays a gap. */
  spanGaps?: boolean;
  /** For lane charts: the y axis shows these names at 0, 1, 2, ... */
  lanes?: string[];
  /** Fault windows of this chart's own run; absent: the page's (ChartData.faults). */
  faults?: ChartData['faults'];
}

/** Everything the page script needs, embedded as JSON. */
export interface ChartData {
  /** `row`: the label's line, so overlapping faults do not write over each other. */
  faults: { label: string; start: number; end: number; row: number }[];
  /** `gameday mark` moments: a dashed line at `time` (seconds) labelled `kind: text`. */
  marks: { time: number; label: string }[];
  charts: ChartSpec[];
}

const PALETTE = ['#2563eb', '#d97706', '#059669', '#9333ea', '#dc2626', '#0891b2'];
const color = (i: number) => PALETTE[i % PALETTE.length] as string;
const LANE_COLORS = ['#ea580c', '#ca8a04', '#a16207', '#7c3aed', '#dc2626', '#be123c'];

export function chartData(
  binned: BinnedHistory,
  report: Report,
  windows: FaultWindow[],
  markers: AnomalyMarker[],
  marks: TimelineMark[] = [],
): ChartData {
  const first = binned.firstSecond;
  const runSeconds = Math.max(first + binned.seconds - 1, ...windows.map((w) => w.end / 1000), 0);
  // One colour per name across charts: us is the same colour as an entry and as an answerer.
  const names = [...new Set([...Object.keys(binned.entries), ...Object.keys(binned.answered)])];
  names.sort((a, b) => a.localeCompare(b));
  const colorOf = (name: string) => color(names.indexOf(name));
  const charts = [
    ...historyCharts(binned, colorOf),
    answeredChart(binned, colorOf),
    lagChart(report, binned.binSeconds, binned.firstSecond),
    anomalyChart(markers),
  ]
    .filter((c): c is ChartSpec => c !== null)
    .map((c) => spanRun(c, runSeconds, first));
  const faults = faultBands(windows);
  const marked = marks.map((m) => ({ time: m.time / 1000, label: `${m.kind}: ${m.text}` }));
  return { faults, marks: marked, charts };
}

/** Fault windows in seconds, each with the label row that keeps overlapping labels apart. */
export function faultBands(windows: FaultWindow[]): ChartData['faults'] {
  return windows.map((w, i) => ({
    label: w.label,
    start: w.start / 1000,
    end: w.end / 1000,
    row: windows.slice(0, i).filter((o) => o.start <= w.start && o.end > w.start).length,
  }));
}

/** Counts per bin as operations per second: the mean over the bin's seconds (the count itself
 * when a bin is one second). */
export function perSecond(counts: number[], lengths: number[]): number[] {
  return counts.map((n, i) => (lengths[i] === 1 ? n : round(n / (lengths[i] ?? 1))));
}

const round = (v: number) => Math.round(v * 1000) / 1000;

/** What a chart's title adds when its points are bins of several seconds. */
export function binNote(binned: BinnedHistory, what: string): string {
  return binned.binSeconds > 1 ? ` (${what} over ${binned.binSeconds}-second bins)` : '';
}

function historyCharts(binned: BinnedHistory, colorOf: (name: string) => string): ChartSpec[] {
  // Sorted, so an entry keeps its colour from one report to the next.
  const entries = Object.entries(binned.entries).sort(([a], [b]) => a.localeCompare(b));
  const { x, lengths } = binStarts(binned);
  const rate = (counts: number[]) => perSecond(counts, lengths);
  const perEntry = (
    pick: (series: (typeof entries)[number][1]) => (number | null)[][],
    names: [string, SeriesStyle][],
  ) => ({
    data: [x, ...entries.flatMap(([, series]) => pick(series))],
    series: entries.flatMap(([entry]) =>
      names.map(([suffix, style]) => ({
        label: `${entry}${suffix}`,
        color: colorOf(entry),
        style,
      })),
    ),
  });
  return [
    {
      id: 'throughput',
      stepped: true,
      title:
        'Throughput per entry: ok operations per second (router = the global entry, a region = its direct clients)' +
        binNote(binned, 'mean'),
      unit: 'ops/s',
      ...perEntry((s) => [rate(s.ok)], [['', 'line']]),
    },
    {
      id: 'errors',
      stepped: true,
      title:
        'Errors per second per entry: fail (solid) and info/unknown (dashed)' +
        binNote(binned, 'mean'),
      unit: 'ops/s',
      ...perEntry(
        (s) => [rate(s.fail), rate(s.info)],
        [
          [' fail', 'line'],
          [' info', 'dashed'],
        ],
      ),
    },
    {
      id: 'latency',
      title:
        'Latency of ok operations per entry: p50 (solid) and p99 (dashed)' +
        binNote(binned, 'all ok operations'),
      unit: 'ms',
      ...perEntry(
        (s) => [s.p50, s.p99],
        [
          [' p50', 'line'],
          [' p99', 'dashed'],
        ],
      ),
    },
  ];
}

/** Which region answered the router's ok operations, second by second. */
function answeredChart(binned: BinnedHistory, colorOf: (name: string) => string): ChartSpec | null {
  const regions = Object.entries(binned.answered).sort(([a], [b]) => a.localeCompare(b));
  if (regions.length === 0) return null;
  const { x, lengths } = binStarts(binned);
  return {
    id: 'answered',
    stepped: true,
    title:
      'Router traffic: ok router operations per second, by the region that answered' +
      binNote(binned, 'mean'),
    unit: 'ops/s',
    data: [x, ...regions.map(([, n]) => perSecond(n, lengths))],
    series: regions.map(([region]) => ({ label: region, color: colorOf(region), style: 'line' })),
  };
}

/** Lag probes land at irregular times: one shared x axis, one series per direction. With bins
 * of several seconds (`binSeconds` > 1), each direction's largest lag in each bin, at the bin's
 * start: the chart keeps at most MAX_BINS points, and a peak is never averaged away. */
export function lagChart(report: Report, binSeconds = 1, firstSecond = 0): ChartSpec | null {
  const probes = report.checks.replicationLag.series ?? [];
  if (probes.length === 0) return null;
  const directions = [...new Set(probes.map((p) => `${p.from} → ${p.to}`))];
  const at = (time: number) =>
    binSeconds > 1
      ? firstSecond + Math.floor((time / 1000 - firstSecond) / binSeconds) * binSeconds
      : time / 1000;
  const times = [...new Set(probes.map((p) => at(p.time)))].sort((a, b) => a - b);
  const row = new Map(times.map((t, i) => [t, i]));
  const ys = directions.map(() => times.map((): number | null => null));
  for (const p of probes) {
    const y = ys[directions.indexOf(`${p.from} → ${p.to}`)] as (number | null)[];
    const i = row.get(at(p.time)) as number;
    y[i] = binSeconds > 1 ? Math.max(y[i] ?? -Infinity, p.lagMs) : p.lagMs;
  }
  return {
    id: 'lag',
    spanGaps: true,
    title:
      'Replication lag: how long each region had been missing newer writes of the other' +
      (binSeconds > 1 ? ` (the largest in each ${binSeconds}-second bin)` : ''),
    unit: 'ms',
    data: [times, ...ys],
    series: directions.map((label, i) => ({ label, color: color(i), style: 'line' })),
  };
}

/** One lane per check; a point per offending operation. Drawn even when empty: "none" is news. */
function anomalyChart(markers: AnomalyMarker[]): ChartSpec {
  const lanes = ANOMALY_LANES;
  const times = [...new Set(markers.map((m) => m.time / 1000))].sort((a, b) => a - b);
  const row = new Map(times.map((t, i) => [t, i]));
  const ys = lanes.map(() => times.map((): number | null => null));
  for (const m of markers) {
    const lane = lanes.indexOf(m.lane);
    (ys[lane] as (number | null)[])[row.get(m.time / 1000) as number] = lane;
  }
  return {
    id: 'anomalies',
    title: 'Anomalies on the timeline (first offending operations of each check)',
    unit: '',
    data: [times, ...ys],
    series: lanes.map((label, i) => ({ label, color: LANE_COLORS[i] as string, style: 'points' })),
    lanes,
  };
}

/** Every chart's x data runs from the run's start (0, or the start of warmup before it on the
 * scenario clock) to its end (empty points added), so all charts share one time axis without
 * pinning the scale, which would stop zooming. */
export function spanRun(chart: ChartSpec, runSeconds: number, runStart = 0): ChartSpec {
  const [x = [], ...ys] = chart.data;
  const head = x.length === 0 || (x[0] as number) > runStart;
  const tail = x.length === 0 || (x[x.length - 1] as number) < runSeconds;
  const pad = (column: (number | null)[], first: number | null, last: number | null) => [
    ...(head ? [first] : []),
    ...column,
    ...(tail && (runSeconds > runStart || !head) ? [last] : []),
  ];
  return { ...chart, data: [pad(x, runStart, runSeconds), ...ys.map((y) => pad(y, null, null))] };
}
