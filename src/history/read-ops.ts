// Reads history.jsonl into an OpTable (issue 15). The file is cut into byte ranges at newlines
// (./ranges.ts); `workers` threads parse the ranges (./parse-worker.ts), a few ahead, and this
// thread pairs their chunks in file order with one TableBuilder: the table, the line numbers
// and the error raised are the same for any number of workers and any cuts. With one worker
// (or a small file, where starting threads costs more than it saves) the same ranges are
// parsed here, one at a time.
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { BadInputError } from '../errors.js';
import { ThreadPool } from '../proc/thread-pool.js';
import type { ChunkProblem, EventChunk } from './event-chunk.js';
import type { ByteRange } from './lines.js';
import { parseRange } from './parse-range.js';
import type { ParseTask } from './parse-worker.js';
import { splitRanges } from './ranges.js';
import type { OpTable } from './table.js';
import { TableBuilder } from './table-builder.js';

export interface ReadOptions {
  /** Parser threads; 1: in this thread. Default: defaultWorkers() for a file of at least
   * MIN_PARALLEL_BYTES, else 1. */
  workers?: number;
  /** About how many bytes a range holds (tests cut small ones to prove cuts change nothing). */
  rangeBytes?: number;
  /** Called with the table each time rows come in (rows `from` to its end), in file order,
   * and once more for the ops never completed, closed as unknown at the end (`closing`): it
   * may read them, shift them and drop some (OpTable.shiftFrom, keepFrom), so a pass over
   * the file need not hold them all. */
  sink?: (t: OpTable, from: number, closing: boolean) => void;
  /** Which rows keep their values (TableBuilder.keepValue); absent: all. */
  keepValue?: (key: number, f: number) => boolean;
  /** A table of an earlier read of the same file: its strings are shared (the same ids). */
  names?: OpTable;
}

/** `--workers` left out: as many as the cores, at most 4 (pairing on this thread is the
 * limit beyond that). */
export const defaultWorkers = (): number => Math.min(availableParallelism(), 4);
/** Below this size the default parses in this thread: threads start in tens of ms. */
export const MIN_PARALLEL_BYTES = 8 << 20;
/** Lines read before the file's size tells how many operations to expect. */
const SAMPLE_LINES = 50_000;

export async function readOps(path: string, opts: ReadOptions = {}): Promise<OpTable> {
  const size = statSync(path).size;
  const workers = opts.workers ?? (size >= MIN_PARALLEL_BYTES ? defaultWorkers() : 1);
  const ranges = splitRanges(path, size, opts.rangeBytes ?? RANGE_BYTES);
  const label = (line: number) => `${basename(path)}:${line}`;
  const builder = new TableBuilder(label, opts.names);
  if (opts.keepValue) builder.keepValue = opts.keepValue;
  const pool =
    workers > 1 && ranges.length > 1
      ? ThreadPool.start<EventChunk>(workers, PARSER, 'a history parser thread')
      : undefined;
  // Range i goes to thread i mod n.
  const parse = pool
    ? (range: ByteRange) => pool.ask({ path, range } satisfies Omit<ParseTask, 'id'>)
    : (r: ByteRange) => parseRange(path, r);
  let offset = 0;
  let seen = 0;
  const deliver = (closing: boolean) => {
    const t = builder.table;
    if (opts.sink && t.length > seen) opts.sink(t, seen, closing);
    seen = t.length;
  };
  try {
    await inOrder(ranges, pool ? AHEAD * workers : 1, parse, (chunk, range) => {
      builder.addChunk(chunk, offset);
      if (chunk.problem) throw problemAt(label, offset, chunk.problem);
      const sampled = offset < SAMPLE_LINES && offset + chunk.lines >= SAMPLE_LINES;
      offset += chunk.lines;
      const t = builder.table;
      if (sampled && t.length > 0) t.expected = Math.ceil((size / (range.end ?? size)) * t.length);
      deliver(false);
    });
  } finally {
    await pool?.close();
  }
  const table = builder.finishTable();
  if (!opts.sink) return table;
  deliver(true);
  return table.trim();
}

const PARSER = new URL('./parse-worker.js', import.meta.url);

/** Bytes a range holds: small enough that a worker's state for one stays small (1M ops, 2
 * workers: peak RSS 397 MB with 16 MiB ranges, 337 MB with 1 MiB), large enough that the
 * hand-over per range costs nothing (260 ranges for 1M ops). */
const RANGE_BYTES = 1 << 20;
/** Ranges a worker may parse ahead of the pairing: a pause of this thread (a major GC of a
 * 10M-op table takes hundreds of ms) must not leave the workers idle; 16 MiB a worker. */
const AHEAD = 16;

function problemAt(label: (line: number) => string, offset: number, p: ChunkProblem) {
  return new BadInputError(`${label(offset + p.line)}${p.message}`, p.hint);
}

/** Consumes parse(items[i]) for each i in order, with up to `window` parses under way. */
export async function inOrder<I, R>(
  items: readonly I[],
  window: number,
  parse: (item: I) => Promise<R>,
  consume: (result: R, item: I) => void,
): Promise<void> {
  const started = new Map<number, Promise<R>>();
  for (let i = 0; i < items.length; i++) {
    for (let j = i; j < Math.min(items.length, i + window); j++) {
      if (started.has(j)) continue;
      const p = parse(items[j]!);
      p.catch(() => {}); // one ahead may fail after an earlier range's error ends the read
      started.set(j, p);
    }
    const result = await started.get(i)!;
    started.delete(i);
    consume(result, items[i]!);
  }
}
