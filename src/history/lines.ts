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

/** The file's lines, one array per chunk read (the last line may lack its newline). */
async function* lineBatches(path: string): AsyncGenerator<string[]> {
  let rest = '';
  let done = 0;
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const lines = (rest + (chunk as string)).split('\n');
    rest = lines.pop() ?? '';
    const long = lines.findIndex((line) => line.length > MAX_LINE_CHARS);
    if (long >= 0 || rest.length > MAX_LINE_CHARS) {
      throw lineTooLong(path, done + (long >= 0 ? long : lines.length) + 1);
    }
    done += lines.length;
    yield lines;
  }
  if (rest !== '') yield [rest];
}

function lineTooLong(path: string, line: number): BadInputError {
  return new BadInputError(
    `${basename(path)}:${line}: line longer than ${MAX_LINE_CHARS / (1 << 20)} MiB; not a run's record`,
    'each line is one operation or event of a few hundred bytes (docs/checks.md)',
  );
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

function parseLine(text: string, where: () => string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new BadInputError(
      `${where()}: not valid JSON (${(err as Error).message})`,
      'each line must be one JSON object, as described in docs/checks.md',
    );
  }
}
