// Per-entry, per-second series for the report's charts, folded from history in one pass. An
// entry is `router` (ops through the global entry, whichever region answered) or a region's
// direct clients; `answered` counts ok router ops per second by the region that answered.
// Kept here (not in checks/) because it is a picture of the run, not a verdict on it.
import { isProbeKey } from '../../checks/values.js';
import type { HistoryEvent, Millis, RegionName } from '../../model.js';

/** One entry's counts and latencies, one value per second of the run. */
export interface EntrySeries {
  ok: number[];
  fail: number[];
  info: number[];
  /** Latency of ok operations (invoke → ok), per second of completion; null when none. */
  p50: (number | null)[];
  p99: (number | null)[];
}

/** The charts' input: seconds firstSecond..firstSecond+n-1 of the scenario clock (warmup is
 * before 0) and each entry's series over them. */
export interface BinnedHistory {
  seconds: number;
  /** The first second charted: below 0 when the history has warmup before t = 0. */
  firstSecond: number;
  /** Keyed by entry: `router`, or a region (its direct clients). */
  entries: Record<string, EntrySeries>;
  /** Ok router ops per second by the region that answered (`unknown region` if none said). */
  answered: Record<RegionName, number[]>;
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
    const router = event.via === 'router';
    const entry = router ? 'router' : event.region || 'unknown region';
    const bin = this.binAt(entry, event.time - this.zero);
    this.operations += 1;
    bin[event.type] += 1;
    if (event.type === 'ok' && invokedAt !== undefined) bin.latencies.push(event.time - invokedAt);
    if (router && event.type === 'ok') this.countAnswer(event);
  }

  /** A router operation may not know which region answered it. */
  private countAnswer(event: HistoryEvent): void {
    const region = event.region && event.region !== 'router' ? event.region : 'unknown region';
    let counts = this.answered.get(region);
    if (!counts) this.answered.set(region, (counts = new Map()));
    const second = Math.floor((event.time - this.zero) / 1000);
    counts.set(second, (counts.get(second) ?? 0) + 1);
  }

  finish(): BinnedHistory {
    // The last second is cut short by the end of the run; charted, it would look like a
    // collapse in throughput. It is left out when there is anything else to show.
    const first = this.firstSecond;
    const started = this.operations > 0 ? Math.floor(this.endMs / 1000) + 1 - first : 0;
    const seconds = started > 1 ? started - 1 : started;
    const entries: Record<string, EntrySeries> = {};
    for (const [entry, bins] of this.bins) entries[entry] = toSeries(bins, first, seconds);
    const answered: Record<RegionName, number[]> = {};
    for (const [region, counts] of this.answered)
      answered[region] = Array.from({ length: seconds }, (_, s) => counts.get(first + s) ?? 0);
    const { operations, endMs } = this;
    return { seconds, firstSecond: first, entries, answered, operations, endMs };
  }

  private binAt(entry: string, time: Millis): Bin {
    const second = Math.floor(time / 1000);
    this.firstSecond = Math.min(this.firstSecond, second);
    this.endMs = Math.max(this.endMs, time);
    let bins = this.bins.get(entry);
    if (!bins) this.bins.set(entry, (bins = new Map()));
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

function toSeries(bins: Map<number, Bin>, first: number, seconds: number): EntrySeries {
  const series: EntrySeries = { ok: [], fail: [], info: [], p50: [], p99: [] };
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
