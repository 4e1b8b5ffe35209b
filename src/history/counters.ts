// store-counters.json: the store's own conflict counter per region, read when the workload
// starts and after settling, so `gameday check` recomputes conflictRate.store offline.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { BadInputError } from '../errors.js';
import type { StoreCounters } from '../model.js';

export const STORE_COUNTERS_FILE = 'store-counters.json';

/** null when the file is absent (a store with no counter, or an older run). */
export async function readStoreCounters(path: string): Promise<StoreCounters | null> {
  if (!existsSync(path)) return null;
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new BadInputError(`${STORE_COUNTERS_FILE}: not valid JSON (${(err as Error).message})`);
  }
  return toStoreCounters(doc);
}

export function toStoreCounters(doc: unknown): StoreCounters {
  const conflicts = (doc as { conflicts?: unknown } | null)?.conflicts;
  const c = conflicts as Record<string, unknown> | undefined;
  if (typeof c !== 'object' || c === null) fieldError('conflicts', 'an object');
  if (typeof c.source !== 'string') fieldError('conflicts.source', 'a string');
  return {
    conflicts: {
      source: c.source,
      start: regionCounts(c.start, 'conflicts.start'),
      end: regionCounts(c.end, 'conflicts.end'),
    },
  };
}

function regionCounts(value: unknown, field: string): Record<string, number | null> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fieldError(field, 'an object {region: count or null}');
  }
  for (const [region, count] of Object.entries(value)) {
    if (count !== null && (typeof count !== 'number' || !Number.isFinite(count) || count < 0)) {
      fieldError(`${field}.${region}`, 'a count (a number ≥ 0) or null');
    }
  }
  return value as Record<string, number | null>;
}

function fieldError(field: string, expected: string): never {
  throw new BadInputError(
    `${STORE_COUNTERS_FILE}: field ${field} must be ${expected}`,
    `fix or delete ${STORE_COUNTERS_FILE} (without it the store's conflict rate is not reported)`,
  );
}
