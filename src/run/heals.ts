// Which heals the run watches converge: its own scenario heals at once, and every other
// fault-end in its events.jsonl (a fault healed by hand from another terminal, by the
// watchdog, or by the run's final heal) as soon as it reads it there. The run tails the file
// rather than re-reading it: a day-long drill's file keeps growing.
import { closeSync, openSync, readSync } from 'node:fs';
import type { RunEvent } from '../model.js';

export class HealWatch {
  private readonly watched = new Set<string>();
  private offset = 0;
  /** The bytes after the last newline read: a line still being written. */
  private rest = Buffer.alloc(0);

  /** `start(id)` begins watching the regions converge after fault `id`'s heal. */
  constructor(
    private readonly eventsPath: string,
    private readonly start: (id: string) => void,
  ) {}

  /** Watches fault `id`'s heal, once whoever reports it. */
  healed(id: string): void {
    if (this.watched.has(id)) return;
    this.watched.add(id);
    this.start(id);
  }

  /** Reads what was appended since the last call; each fault-end in it is a heal. */
  poll(): void {
    for (const line of this.newLines()) {
      let event: Partial<RunEvent>;
      try {
        event = JSON.parse(line) as Partial<RunEvent>;
      } catch {
        continue; // `check` judges the file; a watcher only needs the lines it can read
      }
      if (event.type === 'fault-end' && typeof event.id === 'string') this.healed(event.id);
    }
  }

  /** Whole lines appended since the last call (a line still being written waits). */
  private newLines(): string[] {
    const chunks: Buffer[] = [this.rest];
    let fd: number;
    try {
      fd = openSync(this.eventsPath, 'r');
    } catch {
      return [];
    }
    try {
      const buffer = Buffer.alloc(64 * 1024);
      let n: number;
      while ((n = readSync(fd, buffer, 0, buffer.length, this.offset)) > 0) {
        chunks.push(Buffer.from(buffer.subarray(0, n)));
        this.offset += n;
      }
    } finally {
      closeSync(fd);
    }
    const bytes = Buffer.concat(chunks);
    const end = bytes.lastIndexOf(0x0a) + 1;
    this.rest = bytes.subarray(end);
    return bytes
      .subarray(0, end)
      .toString('utf8')
      .split('\n')
      .filter((l) => l !== '');
  }
}
