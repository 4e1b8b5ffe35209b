// Cuts a file into byte ranges of about `bytes` each, every cut right after a newline, so each
// range holds whole lines and the ranges in order hold every line once (the parsers of
// ./read-ops.ts read them in parallel). A newline is looked for in small reads after each
// target; none within MAX_SEARCH (a line far too long, refused by whoever reads it): no cut.
// The last range runs to the end of the file as it is when read, as one stream would.
import { closeSync, openSync, readSync } from 'node:fs';
import type { ByteRange } from './lines.js';

const WINDOW = 1 << 16;
const MAX_SEARCH = 1 << 23;

export function splitRanges(path: string, size: number, bytes: number): ByteRange[] {
  const cuts = [0];
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(WINDOW);
    for (let target = bytes; target < size;) {
      const cut = cutAfter(fd, buf, target - 1, size);
      if (cut < 0) target += MAX_SEARCH;
      else {
        if (cut < size) cuts.push(cut); // after the last cut: target - 1 is not before it
        target = cut + bytes;
      }
    }
  } finally {
    closeSync(fd);
  }
  return cuts.map((start, i) => (i + 1 < cuts.length ? { start, end: cuts[i + 1]! } : { start }));
}

/** The position right after the first newline at or after `from`; -1: none near. */
function cutAfter(fd: number, buf: Buffer, from: number, size: number): number {
  for (let at = from; at < size && at < from + MAX_SEARCH; at += WINDOW) {
    const n = readSync(fd, buf, 0, Math.min(WINDOW, size - at), at);
    const nl = buf.subarray(0, n).indexOf(10);
    if (nl >= 0) return at + nl + 1;
  }
  return -1;
}
