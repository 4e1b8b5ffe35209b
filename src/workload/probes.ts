// Replication-lag probes: every probeMs, in each region r, process `probe-<r>` writes a fresh
// marker to `probe:<r>` and reads every other region's marker from r. The lag check derives
// "written in A, first seen in B" from these recorded ops.
import { readOp } from './ops.js';
import { LiveLag } from './live-lag.js';
import type { ClientProcess } from './process.js';
import type { Clock } from './spec.js';

export function probeKey(region: string): string {
  return `probe:${region}`;
}

export class LagProbes {
  private timer: NodeJS.Timeout | undefined;
  private round = 0;
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
    this.round += 1;
    // A prober still busy with its last round skips this one: one op in flight per process.
    for (const prober of this.probers.filter((candidate) => !this.probing.has(candidate))) {
      this.probing.add(prober);
      const done = this.probe(prober, this.round).finally(() => {
        this.probing.delete(prober);
        this.running.delete(done);
      });
      this.running.add(done);
    }
  }

  private async probe(prober: ClientProcess, round: number): Promise<void> {
    const key = probeKey(prober.region);
    const value = `${prober.id}:${round}`;
    this.lag.writing(prober.region, value);
    const written = await prober.invoke({ f: 'write', key, value }, async () => ({
      outcome: await prober.target.write(key, value),
      value,
    }));
    if (written.type === 'ok') this.lag.acknowledged(prober.region, value, this.clock());
    for (const other of this.probers.filter((candidate) => candidate !== prober)) {
      const read = await readOp(prober, probeKey(other.region));
      if (read.type === 'ok') this.lag.read(other.region, prober.region, read.value, this.clock());
    }
  }
}
