// Live counters for the terminal line: completions per second, outcomes and dropped ops per
// client group (each region's direct clients, `router`, `probes`). Cheap enough to update per op.
import type { Clock } from './spec.js';

export interface GroupStats {
  /** Completions in the last full second. */
  opsPerSec: number;
  ok: number;
  fail: number;
  info: number;
  /** Ops that were due but found their planned client busy (or the recorder backlogged). */
  dropped: number;
  inFlight: number;
}

export interface WorkloadStats {
  groups: Record<string, GroupStats>;
  /** Ops issued / due since start: how close the generator kept to its target rate. */
  issued: number;
  due: number;
  /** Live replication-lag estimate per direction (`us→eu`), from the probes. */
  lagMs: Record<string, number>;
}

const BUCKET_MS = 100;
const WINDOW_BUCKETS = 10;

export class StatsBook {
  private readonly groups = new Map<string, GroupStats & { buckets: number[]; bucketAt: number }>();

  constructor(private readonly clock: Clock) {}

  issued(group: string): void {
    this.group(group).inFlight += 1;
  }

  completed(group: string, type: 'ok' | 'fail' | 'info'): void {
    const entry = this.group(group);
    entry.inFlight -= 1;
    entry[type] += 1;
    this.rotate(entry);
    entry.buckets[0]! += 1;
  }

  dropped(group: string): void {
    this.group(group).dropped += 1;
  }

  snapshot(): Record<string, GroupStats> {
    const out: Record<string, GroupStats> = {};
    for (const [name, entry] of this.groups) {
      this.rotate(entry);
      const { ok, fail, info, dropped, inFlight } = entry;
      // Skip the bucket being filled: the rate covers the last full second.
      const opsPerSec =
        entry.buckets.slice(1).reduce((a, b) => a + b, 0) *
        (1000 / (BUCKET_MS * (WINDOW_BUCKETS - 1)));
      out[name] = { opsPerSec, ok, fail, info, dropped, inFlight };
    }
    return out;
  }

  private group(name: string) {
    let entry = this.groups.get(name);
    if (!entry) {
      const buckets = new Array<number>(WINDOW_BUCKETS).fill(0);
      entry = {
        opsPerSec: 0,
        ok: 0,
        fail: 0,
        info: 0,
        dropped: 0,
        inFlight: 0,
        buckets,
        bucketAt: this.bucketIndex(),
      };
      this.groups.set(name, entry);
    }
    return entry;
  }

  private rotate(entry: { buckets: number[]; bucketAt: number }): void {
    const now = this.bucketIndex();
    const shift = Math.min(now - entry.bucketAt, WINDOW_BUCKETS);
    for (let i = 0; i < shift; i += 1) {
      entry.buckets.pop();
      entry.buckets.unshift(0);
    }
    entry.bucketAt = now;
  }

  private bucketIndex(): number {
    return Math.floor(this.clock() / BUCKET_MS);
  }
}
