// One watchdog tick: heal every fault whose deadline passed, under the topology lock.
import { faultContext, healFault, readLedger } from '../faults/index.js';
import { loadState, withLock } from '../topology/state.js';
import { expiredFaults } from './expiry.js';

/** Heals every expired fault once; returns the ids healed. Throws when a heal fails (or the lock
 * is busy): the watchdog retries on its next tick. */
export async function healExpired(root: string, now = Date.now()): Promise<string[]> {
  const state = loadState(root);
  if (!state || expiredFaults(readLedger(root), now).length === 0) return [];
  return withLock(root, async () => {
    const healed: string[] = [];
    const ctx = faultContext(root, state);
    // Read again under the lock: gameday may have healed some while we waited for it.
    for (const entry of expiredFaults(readLedger(root), now)) {
      await healFault(ctx, entry.spec);
      healed.push(entry.spec.id);
    }
    return healed;
  });
}
