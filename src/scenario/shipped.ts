// The scenarios shipped in scenarios/, found next to the installed package.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { packageRoot } from '../dirs.js';
import { loadScenario } from './loader.js';

/** `gameday run` with no file runs this one: the split-brain hunt. */
export const DEFAULT_SCENARIO = 'replication-partition';

export interface ShippedScenario {
  name: string;
  file: string;
  description: string;
  isDefault: boolean;
}

/** The package's scenarios/ folder, from src/ or dist/src/ alike. */
export function shippedScenariosDir(): string {
  return join(packageRoot(), 'scenarios');
}

export function defaultScenarioFile(): string {
  return join(shippedScenariosDir(), `${DEFAULT_SCENARIO}.yaml`);
}

/** A file that exists is itself; else a shipped scenario's name (`region-kill`) is that
 * scenario's file, so an installed gameday runs them from any directory; else as given (the
 * loader then says it does not exist). */
export function scenarioFileFor(arg: string): string {
  if (existsSync(arg) || !/^[a-z0-9][a-z0-9-]*$/.test(arg)) return arg;
  const shipped = join(shippedScenariosDir(), `${arg}.yaml`);
  return existsSync(shipped) ? shipped : arg;
}

/** Every shipped scenario, loaded and checked, sorted by name. */
export async function listShippedScenarios(): Promise<ShippedScenario[]> {
  const dir = shippedScenariosDir();
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml'));
  const shipped = await Promise.all(
    files.map(async (f) => {
      const scenario = await loadScenario(join(dir, f));
      const { name, description } = scenario;
      return { name, file: join(dir, f), description, isDefault: name === DEFAULT_SCENARIO };
    }),
  );
  return shipped.sort((a, b) => a.name.localeCompare(b.name));
}
