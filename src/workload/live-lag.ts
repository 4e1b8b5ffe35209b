// The live replication-lag line, with the time-series definition of DESIGN.md §7: when region b
// reads origin a's probe key and sees sequence m at time t, the lag is t − the ack time of the
// first write of a with a sequence above m acknowledged before t (0 if none): how long b has
// been missing newer data from a. The lag check recomputes the same series from the history.
import { probeSequence } from '../history/probe-values.js';

/** Acknowledged probe writes kept per origin; far more than a live line needs to look back. */
const KEPT_WRITES = 20_000;

interface Acked {
  seq: number;
  okTime: number;
}

export class LiveLag {
  /** Per origin, in acknowledgement order. */
  private readonly acked = new Map<string, Acked[]>();
  private readonly lag = new Map<string, number>();

  acknowledged(origin: string, seq: number, okTime: number): void {
    const list = this.acked.get(origin) ?? [];
    list.push({ seq, okTime });
    if (list.length > KEPT_WRITES) list.shift();
    this.acked.set(origin, list);
  }

  read(origin: string, reader: string, value: unknown, time: number): void {
    // One prober per origin, one write at a time: sequences grow in acknowledgement order.
    const list = this.acked.get(origin) ?? [];
    const missing = list[firstAbove(list, probeSequence(value))];
    const ms = missing && missing.okTime < time ? time - missing.okTime : 0;
    this.lag.set(`${origin}→${reader}`, ms);
  }

  /** Per direction (`us→eu`), in ms. */
  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.lag].map(([direction, ms]) => [direction, Math.round(ms)]));
  }
}

/** Index of the first write with a sequence above `seq` (list.length if none). */
function firstAbove(list: readonly Acked[], seq: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as Acked).seq > seq) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
