// The containers' output kept where the local driver keeps its processes' logs: each region's
// store in store-<region>.log and each companion (a Sentinel) in <name>.log, in the run's
// logs/ directory (.gameday/logs after `up` alone). Copied at `down`, before the containers
// go, so a killed and restarted region's log holds every start. Never stops `down`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DockerEngine } from '../../docker/engine.js';
import type { RegionName } from '../../model.js';
import type { TopologyState } from '../driver.js';

export async function copyLogs(
  state: TopologyState,
  dir: string,
  engineOf: (region: RegionName) => DockerEngine,
): Promise<void> {
  const parts = [
    ...Object.values(state.regions).map((r) => ({
      file: `store-${r.name}.log`,
      id: r.containerId,
      engine: engineOf(r.name),
    })),
    ...(state.companions ?? []).map((c) => ({
      file: `${c.name}.log`,
      id: c.containerId,
      engine: engineOf(c.region ?? state.spec.regions[0]!),
    })),
  ];
  for (const { file, id, engine } of parts) {
    if (!id) continue;
    try {
      const text = await engine.logs(id, 'all');
      if (!text) continue;
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, file), text);
    } catch {
      // A log we cannot copy is no reason to leave containers running.
    }
  }
}
