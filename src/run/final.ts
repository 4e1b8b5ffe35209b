// final.json (contract): every key as each region sees it, after healing and settling.
import { writeFileSync } from 'node:fs';
import { TopologyError } from '../errors.js';
import type { FinalState } from '../model.js';
import type { RegionProbe } from './convergence.js';

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
