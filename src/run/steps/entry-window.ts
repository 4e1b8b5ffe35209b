// The entry's availability over the last few seconds, live, for waits and abort conditions:
// every completed workload operation (probe keys aside) is counted in 100 ms buckets at its
// completion time; the entry is the router's operations when the workload has router
// clients, else every operation (as the availability SLO judges).
import type { HistoryEvent } from '../../model.js';
import type { HistorySink } from '../../workload/recorder.js';

const BUCKET_MS = 100;

export class EntryWindow implements HistorySink {
  private readonly buckets = new Map<number, { ok: number; total: number }>();

  constructor(
    private readonly sink: HistorySink,
    private readonly routerOnly: boolean,
    private readonly clock: () => number,
    private readonly keepMs = 10 * 60_000,
  ) {}

  get backlogged(): boolean {
    return this.sink.backlogged;
  }

  close(): Promise<void> {
    return this.sink.close();
  }

  record(event: HistoryEvent): void {
    this.sink.record(event);
    if (event.type === 'invoke' || event.key.startsWith('probe:')) return;
    if (this.routerOnly && event.via !== 'router') return;
    const b = Math.floor(event.time / BUCKET_MS);
    const counts = this.buckets.get(b) ?? { ok: 0, total: 0 };
    counts.total += 1;
    if (event.type === 'ok') counts.ok += 1;
    this.buckets.set(b, counts);
    if (this.buckets.size > this.keepMs / BUCKET_MS) this.forget(b);
  }

  /** ok / total over the operations completed in the last `ms` (null: none completed). */
  availability(ms: number): number | null {
    const now = this.clock();
    let ok = 0;
    let total = 0;
    for (let b = Math.floor((now - ms) / BUCKET_MS); b <= Math.floor(now / BUCKET_MS); b++) {
      const c = this.buckets.get(b);
      if (!c) continue;
      ok += c.ok;
      total += c.total;
    }
    return total === 0 ? null : ok / total;
  }

  private forget(latest: number): void {
    const oldest = latest - this.keepMs / BUCKET_MS;
    for (const b of this.buckets.keys()) if (b < oldest) this.buckets.delete(b);
  }
}
