// Streams a JSON-lines file in 1 MB chunks, so a million-op history never sits in memory as
// one string. The hot path (forEachJsonLine) avoids a promise per line, which cost more than
// parsing. Errors name the file and line: `history.jsonl:12: ...`.
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { BadInputError } from '../errors.js';

/** One parsed line and where it came from, for error messages. */
export interface JsonLine {
  where: string;
  value: unknown;
}

/** Longest line read: an op or an event is a few hundred bytes; a line of a gigabyte (a
 * corrupt or hostile file) is refused as soon as it passes this, not held in memory. */
export const MAX_LINE_CHARS = 1 << 20;

/** Bytes [start, end) of a file (end: its size); a range cut right after a newline starts a
 * line (./ranges.ts). */
export interface ByteRange {
  start: number;
  end?: number;
}

/** The lines of `path` (or of a range of it), one array per chunk read (the last line may lack
 * its newline). A line longer than MAX_LINE_CHARS ends the reading with `tooLong(n)`, n its
 * line number within the range, once the lines before it have been yielded (a problem earlier
 * in the file wins). */
export async function* lineBatches(
  path: string,
  range: ByteRange = { start: 0 },
  tooLong: (line: number) => Error = (line) => lineTooLong(path, line),
): AsyncGenerator<string[]> {
  let rest = '';
  let done = 0;
  const stream = createReadStream(path, {
    encoding: 'utf8',
    highWaterMark: 1 << 20,
    start: range.start,
    ...(range.end !== undefined && { end: range.end - 1 }),
  });
  for await (const chunk of stream) {
    const lines = (rest + (chunk as string)).split('\n');
    rest = lines.pop() ?? '';
    const long = lines.findIndex((line) => line.length > MAX_LINE_CHARS);
    if (long >= 0 || rest.length > MAX_LINE_CHARS) {
      const good = long >= 0 ? long : lines.length;
      if (good > 0) yield lines.slice(0, good);
      stream.destroy();
      throw tooLong(done + good + 1);
    }
    done += lines.length;
    yield lines;
  }
  if (rest !== '') yield [rest];
}

/** What a line longer than MAX_LINE_CHARS is told, after its `file:line` label. */
export const LINE_TOO_LONG = {
  message: `: line longer than ${MAX_LINE_CHARS / (1 << 20)} MiB; not a run's record`,
  hint: 'each line is one operation or event of a few hundred bytes (docs/checks.md)',
};

function lineTooLong(path: string, line: number): BadInputError {
  return new BadInputError(`${basename(path)}:${line}${LINE_TOO_LONG.message}`, LINE_TOO_LONG.hint);
}

/** Calls `onLine` for every non-blank line parsed as JSON, in order, with its line number
 * and the characters read so far; `label(line)` gives `file:line` for messages. */
export async function forEachJsonLine(
  path: string,
  onLine: (value: unknown, line: number, charsRead: number) => void,
): Promise<(line: number) => string> {
  const name = basename(path);
  const label = (line: number) => `${name}:${line}`;
  let lineNo = 0;
  let chars = 0;
  for await (const lines of lineBatches(path)) {
    for (const text of lines) {
      lineNo++;
      chars += text.length + 1;
      if (text.trim() !== '')
        onLine(
          parseLine(text, () => label(lineNo)),
          lineNo,
          chars,
        );
    }
  }
  return label;
}

/** Yields every non-blank line of `path` parsed as JSON; a bad line is a BadInputError. */
export async function* readJsonLines(path: string): AsyncGenerator<JsonLine> {
  const name = basename(path);
  let lineNo = 0;
  const where = () => `${name}:${lineNo}`;
  for await (const lines of lineBatches(path)) {
    for (const text of lines) {
      lineNo++;
      if (text.trim() !== '') yield { where: where(), value: parseLine(text, where) };
    }
  }
}

/** One line as JSON; a bad line is a BadInputError naming `where()`. */
export function parseLine(text: string, where: () => string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new BadInputError(
      `${where()}: not valid JSON (${(err as Error).message})`,
      'each line must be one JSON object, as described in docs/checks.md',
    );
  }
}
