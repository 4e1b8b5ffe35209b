// Store kinds other than the bundled kvstore on Docker (Redis with Sentinel, MariaDB Galera),
// started from their planned compose file (./docker-stores-plan.ts) or a user's copy of it:
// every part a container on the host's network, on 127.0.0.1 ports gameday picks, started
// with the very command lines the local driver uses (src/stores), so a scenario meets the
// same topology on both drivers: the same links, router checks, Sentinel placement and, for
// Galera, the same iptables fence (the containers share the host's network). Data lives in
// .gameday/data, mounted at the same path, so a killed region restarts on its own data.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TopologyError } from '../../errors.js';
import { composeUp, requireCompose, type ComposeProject } from '../../docker/compose.js';
import { storeImages } from '../../docker/doctor.js';
import { DockerEngine } from '../../docker/engine.js';
import type { StoreSpec, TopologySpec } from '../../model.js';
import { storeOf, type Store } from '../../stores/index.js';
import { ToxiproxyApi } from '../../toxiproxy/api.js';
import type { CompanionState, TopologyState } from '../driver.js';
import { READY_MS, waitReady } from '../health.js';
import { freePorts } from '../ports.js';
import { gamedayDir, saveState } from '../state.js';
import { waitCompanionsSettled } from './local-companions.js';
import { HOST } from './local-parts.js';
import { routerReady } from './local-router.js';
import { checkStoresFile, composeText } from './docker-stores-compose.js';
import { recordClocks, startClocks } from './docker-clock.js';
import { fakeClockOf } from '../../stores/fake-clock.js';
import { planStores, storeService } from './docker-stores-plan.js';

/** A killed Galera node restarts with a state transfer before it is ready. */
export const RESTART_MS = 120_000;
export { storeService };

/** The image a store kind runs in; undefined for kinds Docker cannot run by itself. */
export function storeImage(store: StoreSpec): string | undefined {
  return storeImages()[store.kind as keyof ReturnType<typeof storeImages>];
}

export async function startStoreKind(
  root: string,
  spec: TopologySpec,
  state: TopologyState,
  engine: DockerEngine,
  signal?: AbortSignal,
): Promise<void> {
  const store = storeOf(spec.store);
  const n = spec.regions.length;
  const ports = await freePorts(1 + n + n + n * (n - 1) + 3);
  const freePort = async () => (await freePorts(1))[0]!;
  const plan = await planStores(root, spec, state, ports, freePort);
  const userFile = spec.compose?.file;
  if (userFile) checkStoresFile(userFile, plan.services, storesFileFix(spec));
  rmSync(join(gamedayDir(root), 'data'), { recursive: true, force: true });
  for (const dir of plan.dirs) mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(plan.files)) writeFileSync(file, text, { mode: 0o644 });
  const file = userFile ?? join(gamedayDir(root), 'compose.stores.yml');
  if (!userFile) writeFileSync(file, composeText(plan.services));
  // A kind that runs under libfaketime has its stores on their clock files (docker-clock.ts).
  const clocks =
    fakeClockOf(spec.store) === true
      ? await startClocks(root, spec.regions, engine, storeImage(spec.store)!)
      : {};
  saveState(root, state);

  const project = {
    cli: await requireCompose(),
    files: [file],
    project: state.project,
    env: { ...plan.env, ...clocks },
  };
  const up = (names: string[]) => composeUp({ ...project, services: names });
  await up(['toxiproxy']);
  await waitReady({ part: 'toxiproxy', ready: toxiproxyUp(state), signal }, READY_MS);
  // After state.json names the project: a crash from here on leaves `down` able to undo it.
  const storePorts = Object.fromEntries(
    Object.values(state.regions).map((r) => [r.name, Number(new URL(r.directUrl).port)]),
  );
  await store.isolate(state.project, storePorts);
  await up(spec.regions.map(storeService));
  await recordContainers(engine, state);
  await recordClocks(state, engine, clocks);
  saveState(root, state);
  const timeout = plan.startTimeoutMs;
  await Promise.all(
    spec.regions.map((r) => waitRegionReady(state, r, engine, { signal, timeout })),
  );
  const companions = state.companions ?? [];
  if (companions.length > 0) {
    await up(companions.map((c) => c.name));
    await recordContainers(engine, state);
    saveState(root, state);
    await Promise.all(companions.map((c) => waitCompanion(state, c, engine, signal)));
    await waitCompanionsSettled(spec, state, signal);
  }
  await startRouter(project, state, store, engine, signal);
}

/** The fix for a copy of the stores' file that runs something else. */
function storesFileFix(spec: TopologySpec): string {
  const shipped = `compose/${spec.store.kind}.yml`;
  return `start from ${shipped} (written by npm run gen for the default store section) and change only images, resources or volumes; or make topology.store match the file`;
}

async function startRouter(
  project: Omit<ComposeProject, 'services'>,
  state: TopologyState,
  store: Store,
  engine: DockerEngine,
  signal?: AbortSignal,
) {
  await composeUp({ ...project, services: ['haproxy'] });
  const id = (await engine.projectContainers(state.project)).haproxy?.id;
  const servers = Object.keys(state.regions).map((region) => ({ region }));
  const ready = () => routerReady(state, store, servers);
  await withLogs(engine, id, () => waitReady({ part: 'haproxy', ready, signal }, READY_MS));
}

const toxiproxyUp = (state: TopologyState) => () => new ToxiproxyApi(state.toxiproxy.url).answers();

/** Each region's and companion's container id, from the compose service names. */
async function recordContainers(engine: DockerEngine, state: TopologyState): Promise<void> {
  const containers = await engine.projectContainers(state.project);
  for (const region of Object.values(state.regions)) {
    region.containerId = containers[storeService(region.name)]?.id ?? region.containerId;
  }
  for (const c of state.companions ?? []) c.containerId = containers[c.name]?.id ?? c.containerId;
}

/** Waits until the store kind says a region's store serves; a timeout carries its log. */
export async function waitRegionReady(
  state: TopologyState,
  region: string,
  engine: DockerEngine,
  o: { signal?: AbortSignal; timeout: number },
): Promise<void> {
  const store = storeOf(state.spec.store);
  const r = state.regions[region]!;
  const part = `store ${region}`;
  const ready = whileRunning(engine, r.containerId, part, () => store.ready!(r.directUrl));
  await withLogs(engine, r.containerId, () =>
    waitReady({ part, ready, signal: o.signal }, o.timeout),
  );
}

/** `ready`, failing at once (not at the deadline) when the container has exited. */
function whileRunning(
  engine: DockerEngine,
  id: string | undefined,
  part: string,
  ready: () => Promise<boolean>,
): () => Promise<boolean> {
  let lastLook = Date.now();
  return async () => {
    if (await ready()) return true;
    if (!id || Date.now() - lastLook < 1000) return false;
    lastLook = Date.now();
    const { status } = await engine.inspect(id);
    if (status === 'exited' || status === 'dead')
      throw new TopologyError(`${part} exited before it was ready`, 'read its log below');
    return false;
  };
}

export async function waitCompanion(
  state: TopologyState,
  c: CompanionState,
  engine: DockerEngine,
  signal?: AbortSignal,
): Promise<void> {
  const ready = storeOf(state.spec.store).ready;
  if (!ready) return;
  const url = `http://${HOST}:${c.port}`;
  const target = {
    part: c.name,
    ready: whileRunning(engine, c.containerId, c.name, () => ready(url)),
    signal,
  };
  await withLogs(engine, c.containerId, () => waitReady(target, c.startTimeoutMs));
}

async function withLogs(engine: DockerEngine, id: string | undefined, wait: () => Promise<void>) {
  try {
    await wait();
  } catch (err) {
    const logs = id ? await engine.logs(id, 10) : '';
    if (logs && err instanceof Error) err.message += `; its container log ends with:\n${logs}`;
    throw err;
  }
}
