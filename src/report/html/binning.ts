// Per-entry series for the report's charts, folded from history in one pass. An entry is
// `router` (ops through the global entry, whichever region answered) or a region's direct
// clients; `answered` counts ok router ops by the region that answered. A run of up to
// MAX_BINS seconds is charted per second; a longer one in MAX_BINS or fewer bins of a whole
// number of seconds each (docs/checks.md "report.html"), so the page's size does not grow with
// the run. Kept here (not in checks/) because it is a picture of the run, not a verdict on it.
import { isProbeKey } from '../../checks/values.js';
import type { Op } from '../../history/ops.js';
import type { HistoryEvent, Millis, RegionName } from '../../model.js';

/** The most bins a chart's series has, whatever the run's length. */
export const MAX_BINS = 600;

/** One entry's counts and latencies, one value per bin (binSeconds seconds) of the run. */
export interface EntrySeries {
  /** Operations completed in the bin (summed over its seconds). */
  ok: number[];
  fail: number[];
  info: number[];
  /** Latency of ok operations (invoke → ok) completed in the bin: nearest-rank percentiles of
   * all of them (the bin's seconds' samples merged, not averaged); null when none. */
  p50: (number | null)[];
  p99: (number | null)[];
}

/** The charts' input: seconds firstSecond..firstSecond+seconds-1 of the scenario clock (warmup
 * is before 0) in bins of binSeconds seconds (the last may be shorter), and each entry's series
 * over the bins. */
export interface BinnedHistory {
  /** Seconds charted (the run's last, partial second left out). */
  seconds: number;
  /** Seconds per bin: 1 for a run of up to MAX_BINS seconds, else ceil(seconds / MAX_BINS). */
  binSeconds: number;
  /** The first second charted: below 0 when the history has warmup before t = 0. */
  firstSecond: number;
  /** Keyed by entry: `router`, or a region (its direct clients). */
  entries: Record<string, EntrySeries>;
  /** Ok router ops per bin by the region that answered (`unknown region` if none said). */
  answered: Record<RegionName, number[]>;
  operations: number;
  /** Time of the last completion (ms): the run's length as the history saw it. */
  endMs: Millis;
}

interface Bin {
  ok: number;
  fail: number;
  info: number;
  latencies: Samples;
}

/** A bin's ok latencies (ms) in a typed array: 8 bytes a sample, no more, and sorted natively
 * (a million samples sorted by a comparator function cost ~0.3 s). */
class Samples {
  private values = new Float64Array(8);
  length = 0;

  push(ms: number): void {
    if (this.length === this.values.length) {
      const bigger = new Float64Array(this.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.length++] = ms;
  }

  /** The samples so far (a view: valid until the next push). */
  view(): Float64Array {
    return this.values.subarray(0, this.length);
  }
}

const emptyBin = (): Bin => ({ ok: 0, fail: 0, info: 0, latencies: new Samples() });

/** Folds history events one at a time, so a large history.jsonl can be streamed through it. */
export class HistoryBinner {
  private readonly bins = new Map<string, Map<number, Bin>>();
  private readonly answered = new Map<RegionName, Map<number, number>>();
  private readonly inFlight = new Map<string, Millis>();
  private endMs = 0;
  private firstSecond = 0;
  private operations = 0;

  /** `zero`: the history time of the scenario clock's t = 0 (checks/clock.ts). */
  constructor(private readonly zero: Millis = 0) {}

  add(event: HistoryEvent): void {
    // Lag probes are gameday's own traffic, charted as replication lag, not as workload.
    if (isProbeKey(event.key)) return;
    if (event.type === 'invoke') {
      this.inFlight.set(event.process, event.time);
      return;
    }
    const invokedAt = this.inFlight.get(event.process);
    this.inFlight.delete(event.process);
    this.completed(event.via === 'router', event.region, event.type, event.time, invokedAt);
  }

  /** An operation as a table row gives it (history times, not shifted), for its completion:
   * the same as its two events. A row closed as unknown at the history's end, whose
   * completion is not in the history, is not given. */
  addOp(op: Op): void {
    if (isProbeKey(op.key)) return;
    this.completed(op.via === 'router', op.region, op.outcome, op.complete, op.invoke);
  }

  /** `region`: the completion's (for a router op, the region that answered, if it said). */
  private completed(
    router: boolean,
    region: string,
    type: Op['outcome'],
    time: Millis,
    invokedAt: Millis | undefined,
  ): void {
    const entry = router ? 'router' : region || 'unknown region';
    const bin = this.binAt(entry, time - this.zero);
    this.operations += 1;
    bin[type] += 1;
    if (type === 'ok' && invokedAt !== undefined) bin.latencies.push(time - invokedAt);
    if (router && type === 'ok') this.countAnswer(region, time);
  }

  /** A router operation may not know which region answered it. */
  private countAnswer(region: string, time: Millis): void {
    const answered = region && region !== 'router' ? region : 'unknown region';
    let counts = this.answered.get(answered);
    if (!counts) this.answered.set(answered, (counts = new Map()));
    const second = Math.floor((time - this.zero) / 1000);
    counts.set(second, (counts.get(second) ?? 0) + 1);
  }

  finish(): BinnedHistory {
    // The last second is cut short by the end of the run; charted, it would look like a
    // collapse in throughput. It is left out when there is anything else to show.
    const first = this.firstSecond;
    const started = this.operations > 0 ? Math.floor(this.endMs / 1000) + 1 - first : 0;
    const seconds = started > 1 ? started - 1 : started;
    const width = binWidth(seconds);
    const bins = Math.ceil(seconds / width);
    const entries: Record<string, EntrySeries> = {};
    for (const [entry, perSecond] of this.bins)
      entries[entry] = toSeries(perSecond, first, seconds, width);
    const answered: Record<RegionName, number[]> = {};
    for (const [region, counts] of this.answered) {
      const n = new Array<number>(bins).fill(0);
      for (const [second, count] of counts) {
        const offset = second - first;
        if (offset < seconds) n[Math.floor(offset / width)]! += count;
      }
      answered[region] = n;
    }
    const { operations, endMs } = this;
    return { seconds, binSeconds: width, firstSecond: first, entries, answered, operations, endMs };
  }

  private binAt(entry: string, time: Millis): Bin {
    const second = Math.floor(time / 1000);
    this.firstSecond = Math.min(this.firstSecond, second);
    this.endMs = Math.max(this.endMs, time);
    let bins = this.bins.get(entry);
    if (!bins) this.bins.set(entry, (bins = new Map()));
    let bin = bins.get(second);
    if (!bin) bins.set(second, (bin = emptyBin()));
    return bin;
  }
}

/** Bins a whole history held in memory (or any iterable of events in time order). */
export function binHistory(history: Iterable<HistoryEvent>, zero: Millis = 0): BinnedHistory {
  const binner = new HistoryBinner(zero);
  for (const event of history) binner.add(event);
  return binner.finish();
}

/** Seconds per bin for `seconds` charted seconds: the fewest whole seconds that keep the bins
 * at MAX_BINS or fewer. */
export function binWidth(seconds: number): number {
  return Math.max(1, Math.ceil(seconds / MAX_BINS));
}

/** The bins' start seconds on the scenario clock (the charts' x) and their lengths (the last
 * may be shorter). */
export function binStarts(binned: BinnedHistory): { x: number[]; lengths: number[] } {
  const { seconds, binSeconds: width, firstSecond: first } = binned;
  const n = Math.ceil(seconds / width);
  const x = Array.from({ length: n }, (_, i) => first + i * width);
  const lengths = x.map((_, i) => Math.min(width, seconds - i * width));
  return { x, lengths };
}

function toSeries(
  perSecond: Map<number, Bin>,
  first: number,
  seconds: number,
  width: number,
): EntrySeries {
  const n = Math.ceil(seconds / width);
  const merged = Array.from({ length: n }, () => ({
    ok: 0,
    fail: 0,
    info: 0,
    parts: [] as Float64Array[],
  }));
  for (const [second, bin] of perSecond) {
    const offset = second - first;
    if (offset >= seconds) continue; // the last, partial second
    const into = merged[Math.floor(offset / width)]!;
    into.ok += bin.ok;
    into.fail += bin.fail;
    into.info += bin.info;
    into.parts.push(bin.latencies.view());
  }
  const series: EntrySeries = { ok: [], fail: [], info: [], p50: [], p99: [] };
  for (const bin of merged) {
    series.ok.push(bin.ok);
    series.fail.push(bin.fail);
    series.info.push(bin.info);
    const sorted = concat(bin.parts).sort();
    series.p50.push(percentile(sorted, 0.5));
    series.p99.push(percentile(sorted, 0.99));
  }
  return series;
}

function concat(parts: Float64Array[]): Float64Array {
  const all = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return all;
}

/** Nearest-rank percentile of an ascending array; null for an empty one. */
export function percentile(sorted: ArrayLike<number>, q: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return round(sorted[rank - 1] as number);
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
