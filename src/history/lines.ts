// Streams a JSON-lines file one parsed line at a time, so a million-op history never
// has to sit in memory as one string. Errors name the file and line: `history.jsonl:12: ...`.
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { BadInputError } from '../errors.js';

/** One parsed line and where it came from, for error messages. */
export interface JsonLine {
  where: string;
  value: unknown;
}

/** Yields every non-blank line of `path` parsed as JSON; a bad line is a BadInputError. */
export async function* readJsonLines(path: string): AsyncGenerator<JsonLine> {
  const name = basename(path);
  const input = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  try {
    for await (const text of lines) {
      lineNo++;
      if (text.trim() === '') continue;
      yield { where: `${name}:${lineNo}`, value: parseLine(text, `${name}:${lineNo}`) };
    }
  } finally {
    lines.close();
    input.destroy();
  }
}

function parseLine(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new BadInputError(
      `${where}: not valid JSON (${(err as Error).message})`,
      'each line must be one JSON object, as described in DESIGN.md section 6',
    );
  }
}
