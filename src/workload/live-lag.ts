// A live estimate of replication lag per direction for the terminal line, from the probes'
// own ops (the lag check recomputes it exactly from the history afterwards). When a reader
// first sees a region's newest marker, the lag is how long that took; while it still sees
// an older marker, the lag is at least the age of the first write it is missing.

const KEPT_WRITES = 64;

interface Write {
  value: string;
  /** Undefined until acknowledged (a reader may see a write before its writer hears back). */
  okTime?: number;
}

export class LiveLag {
  private readonly writes = new Map<string, Write[]>();
  private readonly lag = new Map<string, { value: unknown; ms: number }>();

  writing(region: string, value: string): void {
    const list = this.writes.get(region) ?? [];
    list.push({ value });
    if (list.length > KEPT_WRITES) list.shift();
    this.writes.set(region, list);
  }

  acknowledged(region: string, value: string, okTime: number): void {
    const write = this.writes.get(region)?.find((candidate) => candidate.value === value);
    if (write) write.okTime = okTime;
  }

  read(writer: string, reader: string, value: unknown, time: number): void {
    const list = this.writes.get(writer) ?? [];
    const direction = `${writer}→${reader}`;
    const index = list.findIndex((write) => write.value === value);
    const firstMissing = list.slice(index + 1).find((write) => write.okTime !== undefined);
    if (firstMissing) {
      this.lag.set(direction, { value, ms: Math.max(0, time - firstMissing.okTime!) });
      return;
    }
    if (index < 0 || this.lag.get(direction)?.value === value) return;
    // The newest acknowledged marker (or a newer one), seen for the first time.
    const ms = Math.max(0, time - (list[index]!.okTime ?? time));
    this.lag.set(direction, { value, ms });
  }

  /** Per direction (`us→eu`), in ms. */
  snapshot(): Record<string, number> {
    return Object.fromEntries(
      [...this.lag].map(([direction, { ms }]) => [direction, Math.round(ms)]),
    );
  }
}
