// Porcupine's Jepsen etcd histories (test/fixtures/jepsen-etcd, see its README) and the verdict
// Porcupine's own tests assert for each.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

export const JEPSEN_DIR = fileURLToPath(new URL('../fixtures/jepsen-etcd/', import.meta.url));

/** etcd_NNN.log → linearizable (etcd_095.log, empty, has no verdict). */
export const JEPSEN_VERDICTS: Record<string, boolean> = (
  JSON.parse(readFileSync(join(JEPSEN_DIR, 'verdicts.json'), 'utf8')) as {
    linearizable: Record<string, boolean>;
  }
).linearizable;

export const jepsenLogs = (): string[] =>
  readdirSync(JEPSEN_DIR)
    .filter((f) => f.endsWith('.log.gz'))
    .map((f) => f.replace(/\.gz$/, ''))
    .sort();

export const jepsenText = (name: string): string =>
  gunzipSync(readFileSync(join(JEPSEN_DIR, `${name}.gz`))).toString('utf8');

/** Writes the log uncompressed into `dir`; returns its path. */
export function extractJepsen(name: string, dir: string): string {
  const path = join(dir, name);
  writeFileSync(path, jepsenText(name));
  return path;
}
