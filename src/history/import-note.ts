// import.json: what `gameday import` did to a foreign history to fit our contract, kept in the
// run directory it wrote. Its `aliases` map each relabelled written value to the source's value
// (Jepsen writes the same integers again and again); the linearizability model reads values
// through them, so a read of 3 matches the register holding "3#2".
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BadInputError } from '../errors.js';

export const IMPORT_NOTE_FILE = 'import.json';

export interface ImportNote {
  /** `jepsen`. */
  format: string;
  /** The file imported, as given. */
  source: string;
  /** What was changed, in words. */
  note: string;
  /** Per key: written value label → the source's value. */
  aliases: Record<string, Record<string, unknown>>;
}

export async function readImportNote(dir: string): Promise<ImportNote | null> {
  const path = join(dir, IMPORT_NOTE_FILE);
  if (!existsSync(path)) return null;
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new BadInputError(`${path}: not valid JSON (${(err as Error).message})`);
  }
  const aliases = (data as { aliases?: unknown } | null)?.aliases;
  if (aliases === null || typeof aliases !== 'object' || Array.isArray(aliases)) {
    throw new BadInputError(
      `${path}: "aliases" must be a mapping of key to {label: source value}`,
      'rewrite it with gameday import, or delete it if the history was not imported',
    );
  }
  return data as ImportNote;
}

/** The value a written value stands for; labels are strings, looked up in any key's map. */
export function aliasOf(note: ImportNote): (value: unknown) => unknown {
  const labels = new Map<string, unknown>();
  for (const perKey of Object.values(note.aliases)) {
    for (const [label, value] of Object.entries(perKey)) labels.set(label, value);
  }
  return (value) => (typeof value === 'string' && labels.has(value) ? labels.get(value) : value);
}
