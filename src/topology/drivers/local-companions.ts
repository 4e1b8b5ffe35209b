// The processes a store needs beside its regions' stores (Redis: a Sentinel per region and a
// witness). Started once every store is ready; a companion with a region shares that region's
// kill, stop, pause and restore; the others stand outside every region until `down`.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RegionName, TopologySpec } from '../../model.js';
import { startDaemon } from '../../proc/run.js';
import { storeOf, type RegionLaunchContext } from '../../stores/index.js';
import type { CompanionState, TopologyState } from '../driver.js';
import { waitReady } from '../health.js';
import { freePorts } from '../ports.js';
import { paths } from '../state.js';
import { HOST } from './local-parts.js';

export async function startCompanions(
  root: string,
  spec: TopologySpec,
  state: TopologyState,
  contexts: Record<RegionName, RegionLaunchContext>,
  record: () => void,
  signal?: AbortSignal,
): Promise<void> {
  const store = storeOf(spec.store);
  const planned = await store.companions({
    host: HOST,
    regions: contexts,
    dataDir: (name) => emptyDir(paths.data(root, name)),
    freePort: async () => (await freePorts(1))[0]!,
  });
  const logDir = spec.logDir ?? paths.logs(root);
  state.companions = [];
  for (const { files, ...launch } of planned) {
    for (const [file, text] of Object.entries(files ?? {})) {
      if (!existsSync(file)) writeFileSync(file, text);
    }
    const companion = { ...launch, logFile: join(logDir, `${launch.name}.log`) };
    state.companions.push(companion);
    await startCompanion(spec, companion, record, signal);
  }
  await waitCompanionsSettled(spec, state, signal);
}

/** Waits until the companions know each other and every region (Sentinel: see its kind). */
export async function waitCompanionsSettled(
  spec: TopologySpec,
  state: TopologyState,
  signal?: AbortSignal,
): Promise<void> {
  const companions = state.companions ?? [];
  if (companions.length === 0) return;
  const urls = companions.map((c) => `http://${HOST}:${c.port}`);
  const settled = () => storeOf(spec.store).companionsSettled(urls, spec.regions);
  await waitReady(
    { part: companions.map((c) => c.name).join(', '), ready: settled, signal },
    SETTLE_MS,
  );
}

/** Sentinel asks the primary for its replicas every 10 s: a margin over that. */
const SETTLE_MS = 30_000;

/** Starts (or restarts) one companion and waits until the store kind says it serves. */
export async function startCompanion(
  spec: TopologySpec,
  companion: CompanionState,
  record: () => void,
  signal?: AbortSignal,
): Promise<void> {
  const { command, args, logFile } = companion;
  mkdirSync(dirname(logFile), { recursive: true });
  companion.pid = await startDaemon({ command, args, logFile });
  record();
  const ready = storeOf(spec.store).ready;
  if (!ready) return;
  const url = `http://${HOST}:${companion.port}`;
  const target = { part: companion.name, ready: () => ready(url), pid: companion.pid, logFile };
  await waitReady({ ...target, signal }, companion.startTimeoutMs);
}

function emptyDir(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}
