// Parses one byte range of history.jsonl into an EventChunk (./event-chunk.ts): every line
// JSON.parsed and validated as today (./lines.ts, ./validate.ts), in this thread or a worker's
// (./parse-worker.ts). A range does not know its first line's number, so its first bad line
// comes back as a problem with the line counted within the range, the message after the label.
import { BadInputError } from '../errors.js';
import { ChunkEncoder, type EventChunk } from './event-chunk.js';
import { LINE_TOO_LONG, lineBatches, parseLine, type ByteRange } from './lines.js';
import { toHistoryEvent } from './validate.js';

/** Stands for the `history.jsonl:N` label in a message made inside a range. */
const HERE = '\u0000';
const here = () => HERE;

class TooLong extends Error {
  constructor(readonly line: number) {
    super('line too long');
  }
}

export async function parseRange(path: string, range: ByteRange): Promise<EventChunk> {
  const chunk = new ChunkEncoder();
  let line = 0;
  try {
    for await (const lines of lineBatches(path, range, (n) => new TooLong(n))) {
      for (const text of lines) {
        line++;
        if (text.trim() !== '') chunk.push(toHistoryEvent(parseLine(text, here), here), line);
      }
    }
  } catch (err) {
    if (err instanceof TooLong) return chunk.finish(err.line, { line: err.line, ...LINE_TOO_LONG });
    if (!(err instanceof BadInputError) || !err.message.startsWith(HERE)) throw err;
    const message = err.message.slice(HERE.length);
    return chunk.finish(line, { line, message, ...(err.hint !== undefined && { hint: err.hint }) });
  }
  return chunk.finish(line);
}
