// final.json (contract): every key as each region sees it, after healing and settling. Taken
// through the store's GET /dump (or every key read back when it has none), and only once two
// consecutive reads of every region are equal or the settle time is up: one read just after
// the regions agree can still show what a cache in the read path held.
import { writeFileSync } from 'node:fs';
import { BadInputError, TopologyError } from '../errors.js';
import type { FinalState } from '../model.js';
import { storeOf } from '../stores/index.js';
import { historyKeys, withReadBack } from '../stores/readback.js';
import type { TopologyState } from '../topology/index.js';
import type { RegionProbe } from './convergence.js';
import type { RunPaths } from './rundir.js';

/** Between two reads of the final state: a read-back goes through the client read path, so
 * the gap outlasts a short-lived read cache; a dump is the store's own view. */
const GAP_MS = { dump: 200, readback: 1000 };

export interface FinalReadOptions {
  /** Whether the regions agreed within the settle time, and how long that took. */
  settled: boolean;
  settledInMs: number;
  /** performance.now() at which the settle time is up. */
  deadline: number;
}

/** Reads every region until two consecutive reads are equal (at least two when the regions
 * settled), or the settle time is up; the last read is the final state. */
export async function readFinalState(
  regions: RegionProbe[],
  { settled, settledInMs, deadline }: FinalReadOptions,
): Promise<FinalState> {
  const source = regions.some((r) => r.source === 'readback') ? 'readback' : 'dump';
  const gap = GAP_MS[source];
  const until = Math.max(deadline, settled ? performance.now() + gap : 0);
  let last = await readRegions(regions);
  let reads = 1;
  let agreed = false;
  while (!agreed && performance.now() + gap <= until) {
    await new Promise((resolve) => setTimeout(resolve, gap));
    const next = await readRegions(regions);
    reads++;
    agreed = JSON.stringify(next) === JSON.stringify(last);
    last = next;
  }
  const settleMs = Math.round(settledInMs);
  return { settled, settleMs, source, reads, agreed, regions: last };
}

async function readRegions(regions: RegionProbe[]): Promise<FinalState['regions']> {
  const views: FinalState['regions'] = {};
  for (const region of regions) {
    const dump = await region.target.dump();
    if (dump.contract) {
      throw new BadInputError(
        `the store of region ${region.name} broke the /dump contract: ${dump.contract}`,
        'GET /dump must answer {"keys": {"k": value, ...}} (docs/targets.md); ' +
          'or set offers.dump: false and gameday reads every key back',
      );
    }
    if (dump.type !== 'ok' || !dump.value) {
      throw new TopologyError(
        `could not read the final state of ${region.name}: ${dump.error ?? dump.type}`,
        'the region did not come back after healing; see its log in .gameday/logs/',
      );
    }
    views[region.name] = dump.value;
  }
  return views;
}

export function writeFinalState(path: string, final: FinalState): void {
  writeFileSync(path, JSON.stringify(final) + '\n');
}

export async function recordUnsettledFinal(state: TopologyState, paths: RunPaths): Promise<void> {
  const probes = await regionProbes(state, historyKeys(paths.history));
  try {
    const final = await readFinalState(probes, { settled: false, settledInMs: 0, deadline: 0 });
    writeFinalState(paths.final, final);
  } finally {
    await Promise.all(probes.map((p) => p.target.close()));
  }
}

/** gameday's own view of each region; `keys` are read back when the store has no /dump. */
export async function regionProbes(state: TopologyState, keys: string[]): Promise<RegionProbe[]> {
  const store = storeOf(state.spec.store);
  // Only an HTTP store may have /metrics: Redis or a user's adapter store is never sent HTTP.
  const http = store.routerCheck.mode === 'http';
  return Promise.all(
    Object.values(state.regions).map(async (r) => ({
      name: r.name,
      target: withReadBack(
        await store.adapter.open(r.directUrl, { timeoutMs: 1000 }),
        store.offers,
        () => keys,
      ),
      ...(http ? { metricsUrl: `${r.directUrl}/metrics` } : {}),
      source: store.offers.dump ? ('dump' as const) : ('readback' as const),
    })),
  );
}

/** Before the run: a store that offers /dump must answer it in the contract's shape, so a
 * broken dump is bad input now rather than every write reported lost at the end. */
export async function checkDumpContract(regions: RegionProbe[]): Promise<void> {
  if (regions.some((r) => r.source !== 'dump')) return;
  await readRegions(regions);
}
