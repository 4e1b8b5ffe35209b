// run.json: what a run needs to be reproduced (DESIGN.md section 7, the report's `run`
// object): the scenario (name, sha256 of scenario.yaml as kept in the run directory), the
// seed, gameday's version, when it started, how long it took, the driver and the store.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunInfo, StoreSpec } from '../model.js';

/** gameday's version, from the package.json next to src/ or dist/src/. */
export function gamedayVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++, dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'gameday' && pkg.version) return pkg.version;
    } catch {
      // not here; look one level up
    }
  }
  return 'unknown';
}

export const sha256 = (text: string | Buffer): string =>
  createHash('sha256').update(text).digest('hex');

/** The store's settings, without commands, environment or paths (they may hold secrets). */
export function storeSummary(store: StoreSpec): Record<string, unknown> {
  const summary: Record<string, unknown> = { kind: store.kind ?? 'kvstore' };
  for (const [field, value] of Object.entries(store)) {
    if (field === 'cwd') continue;
    if (['string', 'number', 'boolean'].includes(typeof value)) summary[field] = value;
  }
  return summary;
}

/** Writes run.json into the run directory. */
export function writeRunInfo(dir: string, info: RunInfo): void {
  writeFileSync(join(dir, 'run.json'), JSON.stringify(info, null, 2) + '\n');
}
