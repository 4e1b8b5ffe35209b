// events.jsonl (DESIGN.md section 6, contract): faults applied and healed, and run phases,
// each with the time it actually happened on the run clock. Few lines: written synchronously
// so a crash still leaves every event that happened on disk.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import type { RunEvent } from '../model.js';
import { runDirError } from './rundir.js';

export class EventLog {
  readonly events: RunEvent[] = [];

  constructor(
    readonly path: string,
    private readonly clock: () => number,
  ) {
    writeFileSync(path, '');
  }

  /** The run clock now (ms). */
  now(): number {
    return round(this.clock());
  }

  /** Appends an event stamped with the current run-clock time. */
  record(event: Omit<RunEvent, 'time'>): RunEvent {
    const stamped: RunEvent = { time: round(this.clock()), ...event };
    this.events.push(stamped);
    try {
      appendFileSync(this.path, JSON.stringify(stamped) + '\n');
    } catch (err) {
      throw runDirError(this.path, err as Error);
    }
    return stamped;
  }

  phase(phase: string, extra: Partial<RunEvent> = {}): RunEvent {
    return this.record({ type: 'phase', phase, ...extra });
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** Every event in the file, the ones other processes appended included (unreadable lines are
 * skipped: this is for the terminal summary, `check` validates the file properly). */
export function readEventLines(path: string): RunEvent[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').flatMap((line) => {
    try {
      return line ? [JSON.parse(line) as RunEvent] : [];
    } catch {
      return [];
    }
  });
}
