// A run owns its topology (unless --keep-up): should the run's process die without tearing it
// down (SIGKILL, the OOM killer), the watchdog does it, as the run would have. Stopping every
// process ends every fault with it: links go with Toxiproxy, a paused store is resumed and
// stopped, the ledger goes with state.json.
import type { TopologyState } from '../topology/driver.js';
import { downTopology } from '../topology/index.js';
import { readLedger } from '../faults/index.js';

/** Stops the orphaned topology; returns log lines saying what was undone. */
export async function takeDownOrphan(root: string, state: TopologyState): Promise<string[]> {
  let faults: string;
  try {
    faults =
      readLedger(root)
        .map((e) => e.spec.id)
        .join(', ') || 'none';
  } catch {
    faults = 'unknown (faults.json unreadable)';
  }
  const stopped = await downTopology(root, state);
  return stopped
    ? [
        `took the topology down (regions ${Object.keys(state.regions).join(', ')}; faults in force: ${faults})`,
      ]
    : [];
}
