// gameday's own view of a region (final.json, convergence) for a store that lacks GET /dump or
// GET /digest: the dump is built by reading back every key the workload could have written,
// and the digest is a hash of those values, so regions agree when they hold the same values.
import { readFileSync } from 'node:fs';
import type { ContractParts } from '../model.js';
import { digestOf } from '../targets/digest.js';
import type { DumpOutcome, Outcome, Target } from '../targets/target.js';

/** Reads in flight at once per region: enough to be quick, few enough not to load the store. */
const PARALLEL_READS = 8;

export function withReadBack(target: Target, offers: ContractParts, keys: () => string[]): Target {
  if (offers.dump && offers.digest) return target;
  const dump = offers.dump ? () => target.dump() : () => readBack(target, keys());
  const digest = offers.digest ? () => target.digest() : () => digestOfDump(dump);
  return {
    read: (key) => target.read(key),
    write: (key, value) => target.write(key, value),
    cas: (key, version, value) => target.cas(key, version, value),
    dump,
    digest,
    close: () => target.close(),
  };
}

/** Every key's value; absent keys are left out, as GET /dump leaves them out. */
async function readBack(target: Target, keys: string[]): Promise<DumpOutcome> {
  const values: Record<string, unknown> = {};
  const queue = [...keys];
  let failed: DumpOutcome | undefined;
  const reader = async () => {
    for (let key = queue.shift(); key !== undefined && !failed; key = queue.shift()) {
      const read = await target.read(key);
      if (read.type !== 'ok') failed = { type: read.type, error: `reading ${key}: ${read.error}` };
      else if (read.value !== null && read.value !== undefined) values[key] = read.value;
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_READS }, reader));
  if (failed) return failed;
  const sorted = Object.fromEntries(Object.entries(values).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { type: 'ok', value: sorted };
}

/** Sorted by key: a store's /dump may list equal contents in a different order per region. */
async function digestOfDump(dump: () => Promise<DumpOutcome>): Promise<Outcome> {
  const state = await dump();
  if (state.type !== 'ok') return state;
  return { type: 'ok', value: digestOf(state.value ?? {}) };
}

/** The keys a recorded history touched (after a failed run, when only the file is left). */
export function historyKeys(historyFile: string): string[] {
  const keys = new Set<string>();
  let text = '';
  try {
    text = readFileSync(historyFile, 'utf8');
  } catch {
    return [];
  }
  for (const line of text.split('\n')) {
    const match = /"key":("(?:[^"\\]|\\.)*")/.exec(line);
    if (match) keys.add(JSON.parse(match[1]!) as string);
  }
  return [...keys];
}
