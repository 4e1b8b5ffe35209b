// Reading a scenario file the user named: only a regular file, at most LIMITS.fileBytes, and
// text. Nothing of a file that is not text (a binary, /dev/zero, a FIFO) is read or quoted.
import { open, stat } from 'node:fs/promises';
import { BadInputError } from '../errors.js';
import { LIMITS } from './limits.js';

const FIX = 'give the path of a scenario YAML file; `gameday scenarios` lists the shipped ones';

export async function readScenarioText(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    const info = await stat(file);
    if (!info.isFile())
      throw new BadInputError(`cannot read scenario ${file}: not a regular file`, FIX);
    if (info.size > LIMITS.fileBytes) throw tooLarge(file);
    bytes = await readAtMost(file, LIMITS.fileBytes + 1);
  } catch (err) {
    if (err instanceof BadInputError) throw err;
    const e = err as NodeJS.ErrnoException;
    const reason = e.code === 'ENOENT' ? 'no such file' : e.message;
    throw new BadInputError(`cannot read scenario ${file}: ${reason}`, FIX);
  }
  // A file that grew, or a /proc file whose size reads as 0.
  if (bytes.length > LIMITS.fileBytes) throw tooLarge(file);
  return asText(bytes, file);
}

export function tooLarge(file: string): BadInputError {
  return new BadInputError(
    `scenario ${file} is larger than ${LIMITS.fileBytes / 1024 / 1024} MiB (a scenario is a few kB)`,
    FIX,
  );
}

async function readAtMost(file: string, max: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(max);
    let length = 0;
    while (length < max) {
      const { bytesRead } = await handle.read(buffer, length, max - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

/** UTF-8 text without NUL bytes, or a message that quotes none of it. */
function asText(bytes: Buffer, file: string): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (!text.includes('\0')) return text;
  } catch {
    // not UTF-8: said below
  }
  throw new BadInputError(`scenario ${file} is not a text file (binary or not UTF-8)`, FIX);
}
