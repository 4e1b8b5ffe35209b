// Replication-lag probes (DESIGN.md §6–7): every probeMs, in each region a, process `probe-<a>`
// writes `probe:<a>:<seq>` to key `probe:<a>` (seq grows by one per write of that origin), then
// reads every other origin's probe key from a. The lag check derives coverage from these ops.
import { probeKey, probeValue } from '../history/probe-values.js';
import { readOp } from './ops.js';
import { LiveLag } from './live-lag.js';
import type { ClientProcess } from './process.js';
import type { Clock } from './spec.js';

export { probeKey };

export class LagProbes {
  private timer: NodeJS.Timeout | undefined;
  private readonly sequence = new Map<string, number>();
  private readonly running = new Set<Promise<void>>();
  private readonly probing = new Set<ClientProcess>();
  readonly lag = new LiveLag();

  constructor(
    private readonly probers: ClientProcess[],
    private readonly periodMs: number,
    private readonly clock: Clock,
  ) {}

  start(): void {
    if (this.periodMs <= 0 || this.probers.length === 0) return;
    this.timer = setInterval(() => this.tick(), this.periodMs);
    this.tick();
  }

  /** Stops new rounds; returns when the rounds in flight have finished. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all(this.running);
  }

  private tick(): void {
    // A prober still busy with its last round skips this one: one op in flight per process.
    for (const prober of this.probers.filter((candidate) => !this.probing.has(candidate))) {
      this.probing.add(prober);
      const done = this.probe(prober).finally(() => {
        this.probing.delete(prober);
        this.running.delete(done);
      });
      this.running.add(done);
    }
  }

  private async probe(prober: ClientProcess): Promise<void> {
    const origin = prober.region;
    const seq = (this.sequence.get(origin) ?? 0) + 1;
    this.sequence.set(origin, seq);
    const key = probeKey(origin);
    const value = probeValue(origin, seq);
    const written = await prober.invoke({ f: 'write', key, value }, async () => ({
      outcome: await prober.target.write(key, value),
      value,
    }));
    if (written.type === 'ok') this.lag.acknowledged(origin, seq, this.clock());
    for (const other of this.probers.filter((candidate) => candidate !== prober)) {
      const read = await readOp(prober, probeKey(other.region));
      if (read.type === 'ok') this.lag.read(other.region, origin, read.value, this.clock());
    }
  }
}
