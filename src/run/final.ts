// final.json (contract): every key as each region sees it, after healing and settling.
import { writeFileSync } from 'node:fs';
import { TopologyError } from '../errors.js';
import type { FinalState } from '../model.js';
import { storeOf } from '../stores/index.js';
import { historyKeys, withReadBack } from '../stores/readback.js';
import type { TopologyState } from '../topology/index.js';
import type { RegionProbe } from './convergence.js';
import type { RunPaths } from './rundir.js';

export async function readFinalState(
  regions: RegionProbe[],
  settled: boolean,
  settleMs: number,
): Promise<FinalState> {
  const final: FinalState = { settled, settleMs: Math.round(settleMs), regions: {} };
  for (const region of regions) {
    const dump = await region.target.dump();
    if (dump.type !== 'ok' || !dump.value) {
      throw new TopologyError(
        `could not read the final state of ${region.name}: ${dump.error ?? dump.type}`,
        'the region did not come back after healing; see its log in .gameday/logs/',
      );
    }
    final.regions[region.name] = dump.value;
  }
  return final;
}

export function writeFinalState(path: string, final: FinalState): void {
  writeFileSync(path, JSON.stringify(final) + '\n');
}

export async function recordUnsettledFinal(state: TopologyState, paths: RunPaths): Promise<void> {
  const probes = await regionProbes(state, historyKeys(paths.history));
  try {
    writeFinalState(paths.final, await readFinalState(probes, false, 0));
  } finally {
    await Promise.all(probes.map((p) => p.target.close()));
  }
}

/** gameday's own view of each region; `keys` are read back when the store has no /dump. */
export async function regionProbes(state: TopologyState, keys: string[]): Promise<RegionProbe[]> {
  const store = storeOf(state.spec.store);
  return Promise.all(
    Object.values(state.regions).map(async (r) => ({
      name: r.name,
      target: withReadBack(
        await store.adapter.open(r.directUrl, { timeoutMs: 1000 }),
        store.offers,
        () => keys,
      ),
      metricsUrl: `${r.directUrl}/metrics`,
    })),
  );
}
