// `gameday import jepsen FILE --out DIR`: a foreign history turned into a run directory of our
// contract: history.jsonl, an empty events.jsonl, a scenario.yaml declaring `linearizable: true`,
// and import.json saying what was changed. The whole file is parsed before anything is written,
// so a bad line leaves no directory behind.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { BadInputError } from '../errors.js';
import { IMPORT_NOTE_FILE, type ImportNote } from './import-note.js';
import { JEPSEN_KEY, parseJepsenLog } from './import-jepsen.js';
import { toOps } from './ops.js';

/** Foreign histories are read whole; a register log of this size is millions of lines. */
const MAX_IMPORT_BYTES = 256 << 20;

export const IMPORT_FORMATS = ['jepsen'] as const;

export interface ImportSummary {
  dir: string;
  events: number;
  relabelled: number;
}

export async function importHistory(
  format: string,
  file: string,
  out: string,
): Promise<ImportSummary> {
  if (!(IMPORT_FORMATS as readonly string[]).includes(format)) {
    throw new BadInputError(
      `unknown history format "${format}"`,
      `known formats: ${IMPORT_FORMATS.join(', ')}`,
    );
  }
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw new BadInputError(
      `${file} is not a file`,
      'pass the Jepsen history (a jepsen.log of :invoke/:ok lines)',
    );
  }
  if (statSync(file).size > MAX_IMPORT_BYTES) {
    throw new BadInputError(
      `${file} is larger than ${MAX_IMPORT_BYTES >> 20} MiB`,
      'split the history by key first',
    );
  }
  if (existsSync(out) && (!statSync(out).isDirectory() || readdirSync(out).length > 0)) {
    throw new BadInputError(
      `--out ${out} exists and is not an empty directory`,
      'name a new directory',
    );
  }
  const imported = parseJepsenLog(await readFile(file, 'utf8'), basename(file));
  toOps(imported.events); // the same pairing rules `check` applies: refuse here, not later
  const relabelled = Object.keys(imported.aliases).length;
  const note: ImportNote = {
    format,
    source: file,
    note:
      'Jepsen register log; times are line numbers (the log has no clock). Written values that ' +
      'repeat an earlier one are relabelled "<value>#<n>" (aliases); reads keep the source value, ' +
      'so only the linearizability check reads them exactly: the pattern checks judge a read of a ' +
      'repeated value against its first write. A cas Jepsen reports :fail was answered "compare ' +
      'failed" and carries applied: false.',
    aliases: { [JEPSEN_KEY]: imported.aliases },
  };
  await mkdir(out, { recursive: true });
  const lines = imported.events.map((e) => JSON.stringify(e)).join('\n');
  await writeFile(join(out, 'history.jsonl'), lines + (lines ? '\n' : ''));
  await writeFile(join(out, 'events.jsonl'), '');
  await writeFile(join(out, IMPORT_NOTE_FILE), JSON.stringify(note, null, 2) + '\n');
  await writeFile(join(out, 'scenario.yaml'), scenarioYaml(file));
  return { dir: out, events: imported.events.length, relabelled };
}

function scenarioYaml(file: string): string {
  return [
    `# Imported by gameday import from ${basename(file)}; see import.json.`,
    'name: imported-jepsen',
    'slo:',
    '  linearizable: true',
    '',
  ].join('\n');
}
