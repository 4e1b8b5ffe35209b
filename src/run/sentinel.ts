// gameday under faults of its own: while a run goes on, a sentinel watches the parts the run
// did not break on purpose. Toxiproxy gone, or a store down with no region fault in force
// that explains it, stops the run at once with a TopologyError (exit 3) saying which part.
import { TopologyError } from '../errors.js';
import { readLedger } from '../faults/index.js';
import { isOurDaemon } from '../proc/signals.js';
import { ToxiproxyApi } from '../toxiproxy/api.js';
import type { RegionControl, TopologyState } from '../topology/driver.js';
import { assertTools } from '../topology/drivers/local-parts.js';
import { startToxiproxy } from '../topology/drivers/local-up.js';
import { logDirs } from '../topology/drivers/local.js';

const TICK_MS = 200;
/** Faults under which a region is down on purpose. */
const DOWNING_FAULTS = new Set(['kill-region', 'stop-region', 'pause-region']);

/** Calls onFailure once with what broke; returns the function that stops watching. */
export function watchTopology(
  root: string,
  state: TopologyState,
  regions: RegionControl,
  onFailure: (err: TopologyError) => void,
): () => void {
  const started = Date.now();
  let misses = 0;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void findFailure(
      root,
      state,
      regions,
      () => ++misses,
      () => (misses = 0),
    )
      .then((failure) => {
        if (!failure) return;
        clearInterval(timer);
        const at = ((Date.now() - started) / 1000).toFixed(1);
        onFailure(new TopologyError(`${failure.what} ${at} s into the run`, failure.fix));
      })
      .catch(() => undefined)
      .finally(() => (busy = false));
  }, TICK_MS);
  return () => clearInterval(timer);
}

interface Failure {
  what: string;
  fix: string;
}

async function findFailure(
  root: string,
  state: TopologyState,
  regions: RegionControl,
  miss: () => number,
  hit: () => void,
): Promise<Failure | undefined> {
  if (!(await toxiproxyAlive(root, state, miss, hit))) {
    return {
      what: `Toxiproxy (${state.toxiproxy.url}) stopped answering`,
      fix: 'the run was stopped and its links restored clean; see .gameday/logs/toxiproxy.log',
    };
  }
  const downOnPurpose = new Set(
    readLedger(root)
      .filter((e) => DOWNING_FAULTS.has(e.spec.fault))
      .flatMap((e) => e.spec.regions),
  );
  for (const region of Object.keys(state.regions)) {
    if (downOnPurpose.has(region)) continue;
    const status = await regions.status(region);
    if (status === 'running') continue;
    // The ledger is written before a region fault acts: read it again to close that race.
    const excused = readLedger(root).some(
      (e) => DOWNING_FAULTS.has(e.spec.fault) && e.spec.regions.includes(region),
    );
    if (excused) continue;
    return {
      what: `store ${region} is ${status === 'paused' ? 'paused' : 'down'} outside any fault (it crashed, or something else stopped it)`,
      fix: `see .gameday/logs/${region}.log; this is the store's failure, not an SLO result`,
    };
  }
  return undefined;
}

/** Local: the pid, instantly. Otherwise the API, twice in a row (a slow answer is not death). */
async function toxiproxyAlive(
  root: string,
  state: TopologyState,
  miss: () => number,
  hit: () => void,
): Promise<boolean> {
  const pid = state.toxiproxy.pid;
  if (pid !== undefined) return isOurDaemon(pid, logDirs(root, state));
  const ok = await new ToxiproxyApi(state.toxiproxy.url).answers();
  if (ok) hit();
  return ok || miss() < 2;
}

/** After Toxiproxy died: start it again (local driver) with every link clean, so the regions
 * are left running and unpartitioned. Other drivers restart their own container. */
export async function restoreLinks(root: string, state: TopologyState): Promise<void> {
  if (state.driver !== 'local' || state.toxiproxy.pid === undefined) return;
  if (isOurDaemon(state.toxiproxy.pid, logDirs(root, state))) return;
  await startToxiproxy(root, state, assertTools().toxiproxy);
}
