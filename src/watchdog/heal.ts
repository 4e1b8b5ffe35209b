// One watchdog tick: heal every fault whose deadline passed, under the topology lock. A ledger
// that cannot be read names no deadline at all: the switch then heals everything at once.
import { CorruptLedgerError } from '../errors.js';
import { faultContext, healAll, healFault, readLedger } from '../faults/index.js';
import { recordInLiveRun } from '../run/live.js';
import type { TopologyState } from '../topology/driver.js';
import { withLock } from '../topology/state.js';
import { expiredFaults } from './expiry.js';

/** Heals every expired fault once; returns what it did, one log line each. Throws when a heal
 * fails (or the lock is busy): the watchdog retries on its next tick. */
export async function healExpired(
  root: string,
  state: TopologyState,
  now = Date.now(),
): Promise<string[]> {
  if (!ledgerUnreadable(root) && expiredFaults(readLedger(root), now).length === 0) return [];
  return withLock(root, async () => {
    const ctx = faultContext(root, state);
    if (ledgerUnreadable(root)) {
      await healAll(ctx);
      return ['faults.json was unreadable: healed everything (links, proxies, regions)'];
    }
    const healed: string[] = [];
    // Read again under the lock: gameday may have healed some while we waited for it.
    for (const entry of expiredFaults(readLedger(root), now)) {
      await healFault(ctx, entry.spec);
      healed.push(`deadline passed: healed ${entry.spec.id}`);
      // A fault typed during a run with a --ttl shorter than the run: its window ends here.
      const { id, fault, regions, params } = entry.spec;
      const event = { type: 'fault-end', id, fault, regions, params, source: 'watchdog' } as const;
      recordInLiveRun(root, event);
    }
    return healed;
  });
}

function ledgerUnreadable(root: string): boolean {
  try {
    readLedger(root);
    return false;
  } catch (err) {
    if (err instanceof CorruptLedgerError) return true;
    throw err;
  }
}
