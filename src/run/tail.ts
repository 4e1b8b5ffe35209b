// Reads the lines appended to a file since the last call: the live metrics follow the run's
// history.jsonl and events.jsonl this way, as `tail -f` would. A line still being written
// (no newline yet) waits for the next call; a file not there yet reads as no lines.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** At most this much is read per call, so a long-unread file is caught up over several. */
const CHUNK_BYTES = 4 * 1024 * 1024;

export class FileTail {
  private offset = 0;
  private partial = '';
  /** Keeps a character split across two reads whole. */
  private readonly decoder = new StringDecoder('utf8');

  constructor(readonly path: string) {}

  /** The complete lines appended since the last call (empty lines left out). */
  read(): string[] {
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch {
      return [];
    }
    try {
      const size = fstatSync(fd).size;
      if (size <= this.offset) return [];
      const buffer = Buffer.alloc(Math.min(size - this.offset, CHUNK_BYTES));
      const got = readSync(fd, buffer, 0, buffer.length, this.offset);
      this.offset += got;
      const lines = (this.partial + this.decoder.write(buffer.subarray(0, got))).split('\n');
      this.partial = lines.pop() ?? '';
      return lines.filter((line) => line.length > 0);
    } finally {
      closeSync(fd);
    }
  }
}
