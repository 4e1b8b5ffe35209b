// Per-region, per-second series for the report's charts, folded from history in one pass.
// Kept here (not in checks/) because it is a picture of the run, not a verdict on it.
import { isProbeKey } from '../../checks/values.js';
import type { HistoryEvent, Millis, RegionName } from '../../model.js';

/** One region's counts and latencies, one entry per second of the run. */
export interface RegionSeries {
  ok: number[];
  fail: number[];
  info: number[];
  /** Latency of ok operations (invoke → ok), per second of completion; null when none. */
  p50: (number | null)[];
  p99: (number | null)[];
}

/** The charts' input: seconds firstSecond..firstSecond+n-1 of the scenario clock (warmup is
 * before 0) and each region's series over them. */
export interface BinnedHistory {
  seconds: number;
  /** The first second charted: below 0 when the history has warmup before t = 0. */
  firstSecond: number;
  regions: Record<RegionName, RegionSeries>;
  operations: number;
  /** Time of the last completion (ms): the run's length as the history saw it. */
  endMs: Millis;
}

interface Bin {
  ok: number;
  fail: number;
  info: number;
  latencies: number[];
}

/** Folds history events one at a time, so a large history.jsonl can be streamed through it. */
export class HistoryBinner {
  private readonly bins = new Map<RegionName, Map<number, Bin>>();
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
    // A router operation may not know which region answered it.
    const bin = this.binAt(event.region || 'unknown region', event.time - this.zero);
    this.operations += 1;
    bin[event.type] += 1;
    if (event.type === 'ok' && invokedAt !== undefined) bin.latencies.push(event.time - invokedAt);
  }

  finish(): BinnedHistory {
    // The last second is cut short by the end of the run; charted, it would look like a
    // collapse in throughput. It is left out when there is anything else to show.
    const first = this.firstSecond;
    const started = this.operations > 0 ? Math.floor(this.endMs / 1000) + 1 - first : 0;
    const seconds = started > 1 ? started - 1 : started;
    const regions: Record<RegionName, RegionSeries> = {};
    for (const [region, bins] of this.bins) regions[region] = toSeries(bins, first, seconds);
    return { seconds, firstSecond: first, regions, operations: this.operations, endMs: this.endMs };
  }

  private binAt(region: RegionName, time: Millis): Bin {
    const second = Math.floor(time / 1000);
    this.firstSecond = Math.min(this.firstSecond, second);
    this.endMs = Math.max(this.endMs, time);
    let bins = this.bins.get(region);
    if (!bins) this.bins.set(region, (bins = new Map()));
    let bin = bins.get(second);
    if (!bin) bins.set(second, (bin = { ok: 0, fail: 0, info: 0, latencies: [] }));
    return bin;
  }
}

/** Bins a whole history held in memory (or any iterable of events in time order). */
export function binHistory(history: Iterable<HistoryEvent>, zero: Millis = 0): BinnedHistory {
  const binner = new HistoryBinner(zero);
  for (const event of history) binner.add(event);
  return binner.finish();
}

function toSeries(bins: Map<number, Bin>, first: number, seconds: number): RegionSeries {
  const series: RegionSeries = { ok: [], fail: [], info: [], p50: [], p99: [] };
  for (let s = first; s < first + seconds; s++) {
    const bin = bins.get(s);
    series.ok.push(bin?.ok ?? 0);
    series.fail.push(bin?.fail ?? 0);
    series.info.push(bin?.info ?? 0);
    const sorted = (bin?.latencies ?? []).sort((a, b) => a - b);
    series.p50.push(percentile(sorted, 0.5));
    series.p99.push(percentile(sorted, 0.99));
  }
  return series;
}

/** Nearest-rank percentile of an ascending array; null for an empty one. */
export function percentile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return round(sorted[rank - 1] as number);
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
