// Store kinds other than the bundled kvstore on Docker (Redis with Sentinel, MariaDB Galera):
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
import { composeImages } from '../../docker/doctor.js';
import { DockerEngine, PROJECT_LABEL } from '../../docker/engine.js';
import type { StoreSpec, TopologySpec } from '../../model.js';
import { storeOf, type RegionLaunchContext, type Store } from '../../stores/index.js';
import { ToxiproxyApi } from '../../toxiproxy/api.js';
import type { CompanionState, TopologyState } from '../driver.js';
import { haproxyConfig } from '../haproxy.js';
import { READY_MS, waitReady } from '../health.js';
import { planLinks, replicationLink } from '../links.js';
import { freePorts } from '../ports.js';
import { gamedayDir, paths, saveState } from '../state.js';
import { HOST } from './local-parts.js';
import { routerReady } from './local-router.js';

/** A killed Galera node restarts with a state transfer before it is ready. */
export const RESTART_MS = 120_000;

export function storeService(region: string): string {
  return `store-${region}`;
}

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
  const image = storeImage(spec.store)!;
  const n = spec.regions.length;
  const ports = await freePorts(1 + n + n + n * (n - 1) + 3);
  const take = () => ports.shift()!;
  const api = take();
  const storePorts = Object.fromEntries(spec.regions.map((r) => [r, take()]));
  state.toxiproxy.url = `http://${HOST}:${api}`;
  state.links = planLinks(spec.regions, HOST, take, (r) => `${HOST}:${storePorts[r]}`);
  for (const link of state.links) {
    if (link.kind === 'replication')
      link.upstream = store.replicationUpstream(link.to, link.upstream);
  }
  const dataRoot = join(gamedayDir(root), 'data');
  rmSync(dataRoot, { recursive: true, force: true });
  const contexts = Object.fromEntries(
    spec.regions.map((r) => [r, regionContext(root, state, r, storePorts[r]!)]),
  );
  const services: Record<string, unknown> = {};
  const part = (command: string, args: string[], env: Record<string, string> = {}) => ({
    image,
    network_mode: 'host',
    labels: { [PROJECT_LABEL]: state.project },
    restart: 'no',
    entrypoint: [command, ...args].map(literal),
    environment: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, literal(v)])),
    volumes: [`${dataRoot}:${dataRoot}`],
  });
  for (const region of spec.regions) {
    const launch = store.launch(contexts[region]!);
    services[storeService(region)] = part(launch.command, launch.args, launch.env);
    const clientLink = state.links.find((l) => l.kind === 'client' && l.to === region)!;
    state.regions[region] = {
      name: region,
      directUrl: `http://${HOST}:${storePorts[region]}`,
      clientUrl: `http://${clientLink.listen}`,
      dataDir: contexts[region]!.dataDir,
    };
  }
  const companions = await store.companions({
    host: HOST,
    regions: contexts,
    dataDir: (name) => emptyDir(paths.data(root, name)),
    freePort: async () => (await freePorts(1))[0]!,
  });
  state.companions = companions.map(({ files, ...c }) => {
    for (const [file, text] of Object.entries(files ?? {})) writeFileSync(file, text);
    services[c.name] = part(c.command, c.args);
    return { ...c, logFile: '' } satisfies CompanionState;
  });
  const routerPorts = [take(), take(), take()];
  services.toxiproxy = toxiproxyService(root, state, api);
  services.haproxy = routerService(root, state, store, routerPorts);
  const file = join(gamedayDir(root), 'compose.stores.yml');
  // JSON is YAML that no parser reads a `no` or `on` of as a boolean.
  writeFileSync(file, JSON.stringify({ version: '3.8', services }, null, 2));
  saveState(root, state);

  const project = { cli: await requireCompose(), files: [file], project: state.project, env: {} };
  const up = (names: string[]) => composeUp({ ...project, services: names });
  await up(['toxiproxy']);
  await waitReady({ part: 'toxiproxy', ready: toxiproxyUp(state), signal }, READY_MS);
  // After state.json names the project: a crash from here on leaves `down` able to undo it.
  await store.isolate(state.project, storePorts);
  await up(spec.regions.map(storeService));
  await recordContainers(engine, state);
  saveState(root, state);
  const timeout = Math.max(...spec.regions.map((r) => store.launch(contexts[r]!).startTimeoutMs));
  await Promise.all(
    spec.regions.map((r) => waitRegionReady(state, r, engine, { signal, timeout })),
  );
  if (state.companions.length > 0) {
    await up(state.companions.map((c) => c.name));
    await recordContainers(engine, state);
    saveState(root, state);
    await Promise.all(state.companions.map((c) => waitCompanion(state, c, engine, signal)));
  }
  await startRouter(project, state, store, engine, signal);
}

function regionContext(
  root: string,
  state: TopologyState,
  region: string,
  port: number,
): RegionLaunchContext {
  const peers = Object.fromEntries(
    state.spec.regions
      .filter((p) => p !== region)
      .map((p) => [p, `http://${replicationLink(state.links, region, p).listen}`]),
  );
  return { region, host: HOST, port, dataDir: emptyDir(paths.data(root, region)), peers };
}

function toxiproxyService(root: string, state: TopologyState, api: number) {
  const file = join(gamedayDir(root), 'toxiproxy.json');
  const proxies = state.links.map(({ name, listen, upstream }) => ({ name, listen, upstream }));
  writeFileSync(
    file,
    JSON.stringify(
      proxies.map((p) => ({ ...p, enabled: true })),
      null,
      2,
    ),
  );
  return {
    image: composeImages().toxiproxy,
    network_mode: 'host',
    labels: { [PROJECT_LABEL]: state.project },
    restart: 'no',
    // The links come back from this file, clean, whenever the container starts again.
    command: [`-host=${HOST}`, `-port=${api}`, '-config=/etc/gameday/toxiproxy.json'],
    volumes: [`${file}:/etc/gameday/toxiproxy.json:ro`],
  };
}

function routerService(
  root: string,
  state: TopologyState,
  store: Store,
  [port, stats, admin]: number[],
) {
  const file = join(gamedayDir(root), 'haproxy.cfg');
  const servers = Object.values(state.regions).map((r) => ({
    region: r.name,
    address: r.clientUrl.replace('http://', ''),
  }));
  const config = haproxyConfig({
    port: port!,
    statsPort: stats!,
    servers,
    options: state.spec.router,
    check: store.routerCheck,
    // `gameday route` reaches the runtime API on loopback TCP, as on the other docker layouts.
    adminSocket: `ipv4@${HOST}:${admin}`,
  });
  writeFileSync(file, config, { mode: 0o644 });
  state.router = {
    url: `http://${HOST}:${port}`,
    statsUrl: `http://${HOST}:${stats}/`,
    adminSocket: `${HOST}:${admin}`,
  };
  return {
    image: composeImages().haproxy,
    network_mode: 'host',
    labels: { [PROJECT_LABEL]: state.project },
    restart: 'no',
    volumes: [`${file}:/usr/local/etc/haproxy/haproxy.cfg:ro`],
  };
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

/** Compose substitutes ${...} in every string: a shell script's `$1` must reach it as is. */
function literal(text: string): string {
  return text.replaceAll('$', '$$$$');
}

function emptyDir(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}
