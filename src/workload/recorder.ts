// The history recorder: streams history.jsonl (DESIGN.md section 6, contract) to disk as
// operations happen. Lines are batched into large writes; when the disk falls behind,
// `backlogged` turns true and the scheduler stops issuing new ops until it drains, so a
// long soak runs in bounded memory instead of queueing history in the heap.
import { createWriteStream, type WriteStream } from 'node:fs';
import { InternalError, PreconditionError } from '../errors.js';
import type { HistoryEvent } from '../model.js';

/** Where operation events go. */
export interface HistorySink {
  record(event: HistoryEvent): void;
  /** True while the sink cannot take more without growing memory. */
  readonly backlogged: boolean;
  close(): Promise<void>;
}

const BATCH_BYTES = 64 * 1024;
const HIGH_WATER_BYTES = 1024 * 1024;

export class HistoryRecorder implements HistorySink {
  private readonly stream: WriteStream;
  private batch = '';
  private flushScheduled = false;
  private waitingForDrain = false;
  private failure: Error | undefined;
  private closed = false;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path, { flags: 'w', highWaterMark: HIGH_WATER_BYTES });
    this.stream.on('error', (err) => (this.failure = err));
    this.stream.on('drain', () => (this.waitingForDrain = false));
  }

  /** The first write error (ENOSPC, EIO...), as soon as the stream reports it. */
  get writeError(): Error | undefined {
    return this.failure;
  }

  get backlogged(): boolean {
    return this.waitingForDrain || this.batch.length >= HIGH_WATER_BYTES;
  }

  record(event: HistoryEvent): void {
    if (this.closed) throw new InternalError(`history event recorded after ${this.path} closed`);
    this.batch += historyLine(event);
    if (this.batch.length >= BATCH_BYTES) this.flush();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    await new Promise<void>((resolve) => this.stream.end(resolve));
    if (this.failure) {
      // The environment's fault (disk full, directory gone), not a bug in gameday.
      throw new PreconditionError(
        `could not write history to ${this.path}: ${this.failure.message}`,
        'free disk space or choose another place with --out DIR',
      );
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.batch === '' || this.closed) return;
    if (!this.stream.write(this.batch)) this.waitingForDrain = true;
    this.batch = '';
  }
}

/** Drops every event: the "without recording" side of the recording-cost benchmark. */
export class DiscardingRecorder implements HistorySink {
  readonly backlogged = false;
  record(): void {}
  async close(): Promise<void> {}
}

/** One contract line, fields in the contract's order; the optional ones only when set. */
export function historyLine(event: HistoryEvent): string {
  const { time, type, process, region, via, f, key, value, logical, appliedBy, error } = event;
  const line: HistoryEvent = {
    time: Math.round(time * 1000) / 1000,
    ...{ type, process, region, via, f, key, value },
  };
  if (logical !== undefined) line.logical = logical;
  if (appliedBy !== undefined) line.appliedBy = appliedBy;
  if (error !== undefined) line.error = error;
  return JSON.stringify(line) + '\n';
}
