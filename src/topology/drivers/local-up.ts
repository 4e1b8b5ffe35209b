// The local start sequence: Toxiproxy, its links, the stores, then HAProxy, each detached.
// Every pid is written to state.json the moment it exists, so a failure, a SIGINT or even a
// SIGKILL of this process leaves `down` (or our own cleanup) able to stop exactly what started.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TopologySpec } from '../../model.js';
import { ROOT_MARK, startDaemon } from '../../proc/run.js';
import { fakeClockOf } from '../../stores/fake-clock.js';
import { storeOf, type RegionLaunchContext } from '../../stores/index.js';
import { ToxiproxyApi } from '../../toxiproxy/api.js';
import type { RegionState, TopologyState } from '../driver.js';
import { clockEnv } from '../clock.js';
import { READY_MS, httpOk, waitReady } from '../health.js';
import { planLinks, replicationLink } from '../links.js';
import { freePorts } from '../ports.js';
import { paths, saveState } from '../state.js';
import { startCompanions } from './local-companions.js';
import * as parts from './local-parts.js';
import { startRouter } from './local-router.js';

/** Starts the whole topology; the caller stops everything in `state` if this throws. */
export async function startLocal(
  root: string,
  spec: TopologySpec,
  state: TopologyState,
  signal?: AbortSignal,
): Promise<void> {
  const tools = parts.assertTools();
  const n = spec.regions.length;
  const ports = await freePorts(1 + n + n + n * (n - 1) + 3);
  const take = () => ports.shift()!;
  mkdirSync(paths.logs(root), { recursive: true });
  const checkpoint = () => signal?.throwIfAborted();

  const apiPort = take();
  state.toxiproxy.url = `http://${parts.HOST}:${apiPort}`;
  const storePorts = Object.fromEntries(spec.regions.map((r) => [r, take()]));
  const store = storeOf(spec.store);
  state.links = planLinks(spec.regions, parts.HOST, take, (r) => `${parts.HOST}:${storePorts[r]}`);
  // A kind may have its replication links dial elsewhere than its clients (Galera: the group port).
  for (const link of state.links) {
    if (link.kind === 'replication')
      link.upstream = store.replicationUpstream(link.to, link.upstream);
  }

  await startToxiproxy(root, state, tools.toxiproxy, signal);
  checkpoint();
  // After state.json names the project: a crash from here on leaves `down` able to undo it.
  await store.isolate(state.project, storePorts);

  const contexts = await Promise.all(
    spec.regions.map((r) => startRegion(root, spec, state, r, storePorts[r]!, signal)),
  );
  saveState(root, state);
  checkpoint();
  const byRegion = Object.fromEntries(contexts.map((c) => [c.region, c]));
  await startCompanions(root, spec, state, byRegion, () => saveState(root, state), signal);
  checkpoint();
  await startRouter(root, state, tools.haproxy, [take(), take(), take()], signal);
  saveState(root, state);
}

/** Starts Toxiproxy on state's API port with every link of state, clean (no toxics). Also
 * how a run brings the links back after Toxiproxy died under it: same ports, same links. */
export async function startToxiproxy(
  root: string,
  state: TopologyState,
  command: string,
  signal?: AbortSignal,
): Promise<void> {
  const logFile = join(paths.logs(root), 'toxiproxy.log');
  const apiPort = Number(new URL(state.toxiproxy.url).port);
  state.toxiproxy.pid = await startDaemon({
    command,
    args: parts.toxiproxyArgs(apiPort),
    env: parts.toxiproxyEnv(),
    logFile,
  });
  saveState(root, state);
  const toxiproxy = new ToxiproxyApi(state.toxiproxy.url);
  const pid = state.toxiproxy.pid;
  await waitReady(
    { part: 'toxiproxy', ready: () => toxiproxy.answers(), pid, logFile, signal },
    READY_MS,
  );
  await toxiproxy.reset();
  await toxiproxy.createProxies(
    state.links.map(({ name, listen, upstream }) => ({ name, listen, upstream })),
  );
}

async function startRegion(
  root: string,
  spec: TopologySpec,
  state: TopologyState,
  region: string,
  port: number,
  signal?: AbortSignal,
): Promise<RegionLaunchContext> {
  const peers = Object.fromEntries(
    spec.regions
      .filter((p) => p !== region)
      .map((p) => [p, `http://${replicationLink(state.links, region, p).listen}`]),
  );
  const dataDir = paths.data(root, region);
  // A new topology starts empty: data left by an earlier one would surface as values no
  // write of this run carried (garbage reads).
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const context = { region, host: parts.HOST, port, dataDir, peers };
  const { healthUrl, ...started } = storeOf(spec.store).launch(context);
  const logDir = spec.logDir ?? paths.logs(root);
  mkdirSync(logDir, { recursive: true });
  // A store whose kind runs under libfaketime is put on its region's clock file (the
  // clock-skew fault); the others (redis-server) would not start with it preloaded.
  const clock = fakeClockOf(spec.store) === true ? clockEnv(root, region) : undefined;
  const env = { ...started.env, ...clock, [ROOT_MARK]: root };
  const launch = { ...started, env, healthUrl, logFile: join(logDir, `store-${region}.log`) };
  const clientLink = state.links.find((l) => l.kind === 'client' && l.to === region)!;
  const regionState: RegionState = {
    name: region,
    directUrl: `http://${parts.HOST}:${port}`,
    clientUrl: `http://${clientLink.listen}`,
    dataDir,
    launch,
  };
  state.regions[region] = regionState;
  await startStore(regionState, () => saveState(root, state), signal, storeOf(spec.store).ready);
  saveState(root, state);
  return context;
}

/** Starts a stopped region's store again, as it was first started. */
export async function restartStore(state: TopologyState, region: string, record: () => void) {
  const ready = storeOf(state.spec.store).ready;
  await startStore(state.regions[region]!, record, undefined, ready);
}

/** Starts (or restarts) a region's store with its recorded launch and waits until healthy.
 * `record` runs as soon as the pid exists, so the caller persists it before the long wait.
 * `kindReady`: the store kind's own readiness test, for stores with no health URL. */
export async function startStore(
  region: RegionState,
  record: () => void,
  signal?: AbortSignal,
  kindReady?: (url: string) => Promise<boolean>,
): Promise<void> {
  const launch = region.launch!;
  const { command, args, logFile, env, cwd } = launch;
  region.pid = await startDaemon({ command, args, logFile, env, cwd });
  record();
  const ready =
    kindReady && !launch.healthUrl
      ? () => kindReady(region.directUrl)
      : () => httpOk(launch.healthUrl ?? `${region.directUrl}/health`);
  await waitReady(
    { part: `store ${region.name}`, ready, pid: region.pid, logFile, signal },
    launch.startTimeoutMs ?? READY_MS,
  );
}
