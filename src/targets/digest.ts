// A digest of a whole-store snapshot, for adapters whose store has no digest of its own.
import { createHash } from 'node:crypto';

/** Sorted keys, so equal contents give equal digests whatever order the store listed them. */
export function digestOf(snapshot: Record<string, unknown>): string {
  const sorted = Object.keys(snapshot)
    .sort()
    .map((k) => [k, snapshot[k]]);
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex');
}
