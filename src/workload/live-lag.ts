// A live estimate of replication lag per direction for the terminal line, from the probes'
// own ops (the lag check recomputes it exactly from the history afterwards). When a reader
// first sees a region's newest marker, the lag is how long that took; while it still sees
// an older marker, the lag is at least the age of the first write it is missing.

const KEPT_WRITES = 64;

interface Write {
  value: string;
  okTime: number;
}

export class LiveLag {
  private readonly writes = new Map<string, Write[]>();
  private readonly lag = new Map<string, { value: unknown; ms: number }>();

  written(region: string, value: string, okTime: number): void {
    const list = this.writes.get(region) ?? [];
    list.push({ value, okTime });
    if (list.length > KEPT_WRITES) list.shift();
    this.writes.set(region, list);
  }

  read(writer: string, reader: string, value: unknown, time: number): void {
    const list = this.writes.get(writer);
    if (!list || list.length === 0) return;
    const direction = `${writer}→${reader}`;
    const index = list.findIndex((write) => write.value === value);
    if (index === list.length - 1) {
      const previous = this.lag.get(direction);
      if (previous?.value !== value)
        this.lag.set(direction, { value, ms: time - list[index]!.okTime });
      return;
    }
    const firstMissing = list[index + 1] ?? list[0]!; // index -1: an older or absent value
    this.lag.set(direction, { value, ms: Math.max(0, time - firstMissing.okTime) });
  }

  /** Per direction (`us→eu`), in ms. */
  snapshot(): Record<string, number> {
    return Object.fromEntries(
      [...this.lag].map(([direction, { ms }]) => [direction, Math.round(ms)]),
    );
  }
}
