// Which heals the run watches converge: its own scenario heals at once, and every other
// fault-end in its events.jsonl (a fault healed by hand from another terminal, by the
// watchdog, or by the run's final heal) as soon as it reads it there. The run tails the file
// (./tail.ts) rather than re-reading it: a day-long drill's file keeps growing.
import type { RunEvent } from '../model.js';
import { FileTail } from './tail.js';

export class HealWatch {
  private readonly watched = new Set<string>();
  private readonly tail: FileTail;

  /** `start(id)` begins watching the regions converge after fault `id`'s heal. */
  constructor(
    eventsPath: string,
    private readonly start: (id: string) => void,
  ) {
    this.tail = new FileTail(eventsPath);
  }

  /** Watches fault `id`'s heal, once whoever reports it. */
  healed(id: string): void {
    if (this.watched.has(id)) return;
    this.watched.add(id);
    this.start(id);
  }

  /** Reads everything appended since the last call; each fault-end in it is a heal. */
  poll(): void {
    for (let lines = this.tail.read(); lines.length > 0; lines = this.tail.read()) {
      for (const line of lines) this.see(line);
    }
  }

  private see(line: string): void {
    let event: Partial<RunEvent>;
    try {
      event = JSON.parse(line) as Partial<RunEvent>;
    } catch {
      return; // `check` judges the file; a watcher only needs the lines it can read
    }
    if (event.type === 'fault-end' && typeof event.id === 'string') this.healed(event.id);
  }
}
