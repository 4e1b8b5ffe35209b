// store-counters.json: the store's own conflict counter per region, read when the workload
// starts and after settling (docs/checks.md, conflict rate). Reads never fail the run: a region
// that does not answer records null, and the store figure is then not reported.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STORE_COUNTERS_FILE } from '../history/counters.js';
import type { StoreCounters } from '../model.js';
import type { ConflictCounter } from '../stores/index.js';
import type { TopologyState } from '../topology/index.js';

export type CounterReadings = Record<string, number | null>;

export async function readConflictCounters(
  state: TopologyState,
  counter: ConflictCounter | undefined,
): Promise<CounterReadings | undefined> {
  if (!counter) return undefined;
  const regions = Object.values(state.regions);
  const values = await Promise.all(regions.map((r) => counter.read(r.directUrl)));
  return Object.fromEntries(regions.map((r, i) => [r.name, values[i] ?? null]));
}

export function writeStoreCounters(
  dir: string,
  source: string,
  start: CounterReadings,
  end: CounterReadings,
): void {
  const counters: StoreCounters = { conflicts: { source, start, end } };
  writeFileSync(join(dir, STORE_COUNTERS_FILE), JSON.stringify(counters) + '\n');
}
