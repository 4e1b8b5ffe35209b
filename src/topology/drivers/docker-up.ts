// The docker start sequence: Compose brings the services up, then we read where Docker
// published each port and wait until every region and the router are healthy. The project
// name is saved to state.json before Compose runs, so `down` finds its labelled containers
// even if this process is killed half-way.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BadInputError, PreconditionError, TopologyError } from '../../errors.js';
import type { AdapterStoreSpec, KvstoreSpec, TopologySpec } from '../../model.js';
import { composeUp, requireCompose } from '../../docker/compose.js';
import { DockerEngine, type ContainerInfo } from '../../docker/engine.js';
import { ToxiproxyApi } from '../../toxiproxy/api.js';
import type { TopologyState } from '../driver.js';
import { haproxyConfig } from '../haproxy.js';
import { httpOk, waitReady } from '../health.js';
import { gamedayDir, saveState } from '../state.js';
import * as layout from './docker-layout.js';
import { userLayout } from './docker-user-layout.js';
import { startOnEngines } from './docker-engines.js';
import { startStoreKind, storeImage } from './docker-stores.js';
import { recordClocks, startClocks } from './docker-clock.js';
import { composeImages } from '../../docker/doctor.js';
import { storeOf } from '../../stores/index.js';
import { routerReady } from './local-router.js';

const READY_MS = 30_000;
const LOOPBACK = '127.0.0.1';

export async function startDocker(
  root: string,
  spec: TopologySpec,
  state: TopologyState,
  engine: DockerEngine,
  signal?: AbortSignal,
): Promise<void> {
  if (spec.store.kind === 'command' && spec.compose) throw commandWithCompose(spec);
  if (spec.store.kind === 'adapter' && (!spec.compose || spec.engines)) throw adapterOffCompose();
  const { kind } = spec.store;
  if (kind !== undefined && kind !== 'kvstore' && kind !== 'adapter') {
    if (!storeImage(spec.store) || Object.keys(spec.engines ?? {}).length > 0) {
      throw new BadInputError(
        `the docker driver runs the bundled store, redis-sentinel and galera on one engine; topology.store.kind is ${spec.store.kind}${spec.engines ? ' with topology.engines' : ''}`,
        'run with --driver local, or put your store in your own compose file (--compose FILE)',
      );
    }
    await assertEngine(engine);
    await startStoreKind(root, spec, state, engine, signal);
    return;
  }
  if (spec.engines && Object.keys(spec.engines).length > 0) {
    if (spec.compose) {
      throw new BadInputError(
        'topology.engines and topology.compose cannot be combined yet',
        'regions on several engines run the bundled kvstore; drop one of the two',
      );
    }
    await assertEngine(engine);
    await startOnEngines(root, { ...spec, engines: spec.engines }, bundled(spec.store), state);
    await Promise.all(spec.regions.map((r) => waitStoreHealthy(state, r, regionEngine(state, r))));
    await waitReady({ part: 'haproxy', ready: () => routerUp(state, spec) }, READY_MS);
    return;
  }
  const haproxyCfg = join(gamedayDir(root), 'haproxy.cfg');
  const where = spec.compose
    ? userLayout(root, spec, state.project, haproxyCfg)
    : layout.bundledLayout(spec.regions, bundled(spec.store), state.project, haproxyCfg);
  await assertEngine(engine);
  const cli = await requireCompose();
  writeRouterConfig(haproxyCfg, spec, where);
  // The bundled file puts the stores on their clock files; a user's file is the user's.
  const clocks = spec.compose
    ? {}
    : await startClocks(root, spec.regions, engine, composeImages().kvstore!);
  saveState(root, state);
  const env = { ...where.env, ...clocks };
  await composeUp({ cli, files: where.files, project: state.project, env });
  signal?.throwIfAborted();

  const containers = await engine.projectContainers(state.project);
  await recordToxiproxy(state, where, published(containers, where.services.toxiproxy));
  recordRegions(state, where, containers);
  await recordClocks(state, engine, clocks);
  saveState(root, state);
  await Promise.all(spec.regions.map((r) => waitStoreHealthy(state, r, engine)));
  signal?.throwIfAborted();
  await waitRouter(state, spec, published(containers, where.services.router), engine);
  saveState(root, state);
}

/** `kind: command` starts the regions from its command; with --compose your file does. (The
 * scenario checks refuse it with topology.compose at the line of kind; this is the last guard.) */
function commandWithCompose(spec: TopologySpec): BadInputError {
  const adapter = spec.store.kind === 'command' && spec.store.adapter !== undefined;
  return new BadInputError(
    `topology.store.kind: command${adapter ? ' with an adapter' : ''} cannot run with --compose FILE: kind command starts each region from its command, and your compose file starts them here`,
    adapter
      ? 'remove kind and command and keep adapter: your compose file starts the stores, your adapter speaks to them (docs/targets.md); or run kind: command with --driver local'
      : 'leave kind out when your compose file starts the stores (they speak the HTTP contract), or run kind: command with --driver local (docs/targets.md)',
  );
}

/** The bundled store's settings; an adapter (refused above off the compose path) never is. */
function bundled(store: KvstoreSpec | AdapterStoreSpec): KvstoreSpec {
  if (store.kind === 'adapter') throw adapterOffCompose();
  return store;
}

/** An adapter with kind left out has only the user's compose file to start its regions. */
function adapterOffCompose(): BadInputError {
  return new BadInputError(
    'topology.store.adapter with kind left out needs topology.compose (your compose file starts the regions), on one engine',
    'add topology.compose (docs/targets.md), or set kind: command and a command with --driver local',
  );
}

async function assertEngine(engine: DockerEngine): Promise<void> {
  if (await engine.available()) return;
  throw new PreconditionError(
    'no Docker engine answers (DOCKER_HOST or /var/run/docker.sock)',
    'start it (as root: scripts/start-dockerd), or use --driver local',
  );
}

/** HAProxy's config for this spec; the compose files mount it in place of its default. */
function writeRouterConfig(file: string, spec: TopologySpec, where: layout.ComposeLayout): void {
  const links = where.links.filter((l) => l.kind === 'client');
  const servers = links.map((l) => ({
    region: l.to,
    address: `${where.services.toxiproxy}:${l.listen.split(':').pop()}`,
  }));
  const { entry, stats, admin } = layout.ROUTER_CONTAINER_PORTS;
  const config = haproxyConfig({
    port: entry,
    statsPort: stats,
    servers,
    options: spec.router,
    check: storeOf(spec.store).routerCheck,
    bindHost: '0.0.0.0',
    adminSocket: `ipv4@0.0.0.0:${admin}`,
  });
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, config, { mode: 0o644 });
}

function published(containers: Record<string, ContainerInfo>, service: string): ContainerInfo {
  const found = containers[service];
  if (!found)
    throw new TopologyError(`compose started no ${service} container`, 'check docker-compose.yml');
  return found;
}

function hostUrl(container: ContainerInfo, port: string): string {
  const hostPort = container.ports[port];
  if (!hostPort)
    throw new TopologyError(
      `${container.service} does not publish ${port}`,
      'check docker-compose.yml',
    );
  return `http://${LOOPBACK}:${hostPort}`;
}

async function recordToxiproxy(
  state: TopologyState,
  where: layout.ComposeLayout,
  toxiproxy: ContainerInfo,
): Promise<void> {
  state.toxiproxy.url = hostUrl(toxiproxy, layout.PORTS.toxiproxyApi);
  const api = new ToxiproxyApi(state.toxiproxy.url);
  await waitReady({ part: 'toxiproxy', ready: () => api.answers() }, READY_MS);
  // Toxiproxy loaded the same links from its config file; reset clears toxics left by anyone.
  await api.reset();
  state.links = where.links;
}

function recordRegions(
  state: TopologyState,
  where: layout.ComposeLayout,
  containers: Record<string, ContainerInfo>,
) {
  const toxiproxy = published(containers, where.services.toxiproxy);
  for (const region of state.spec.regions) {
    const clientLink = where.links.find((l) => l.kind === 'client' && l.to === region)!;
    state.regions[region] = {
      name: region,
      directUrl: hostUrl(toxiproxy, where.directPort(region)),
      clientUrl: hostUrl(toxiproxy, layout.containerPort(clientLink)),
      containerId: published(containers, where.services.store(region)).id,
    };
  }
}

/** Waits for a region's store to answer /health (or its kind's own test: a user's adapter);
 * on timeout the error carries its logs. */
export async function waitStoreHealthy(state: TopologyState, region: string, engine: DockerEngine) {
  const r = state.regions[region]!;
  const kindReady = storeOf(state.spec.store).ready;
  const ready = kindReady ? () => kindReady(r.directUrl) : () => httpOk(`${r.directUrl}/health`);
  await withLogs(engine, r.containerId!, () =>
    waitReady({ part: `store ${region}`, ready }, READY_MS),
  );
}

async function waitRouter(
  state: TopologyState,
  spec: TopologySpec,
  router: ContainerInfo,
  engine: DockerEngine,
) {
  state.router = {
    url: hostUrl(router, layout.PORTS.router),
    statsUrl: `${hostUrl(router, layout.PORTS.routerStats)}/`,
    adminSocket: hostUrl(router, layout.PORTS.routerAdmin).replace('http://', ''),
  };
  const allUp = () => routerUp(state, spec);
  await withLogs(engine, router.id, () => waitReady({ part: 'haproxy', ready: allUp }, READY_MS));
}

/** Every region UP in the router's view, and the store answering through it (its health
 * path over HTTP, or the kind's own test: a user's adapter reads a key). */
function routerUp(state: TopologyState, spec: TopologySpec): Promise<boolean> {
  const servers = spec.regions.map((region) => ({ region }));
  return routerReady(state, storeOf(spec.store), servers);
}

/** The engine running a region: its own DOCKER_HOST, else the environment's. */
export function regionEngine(state: TopologyState, region: string): DockerEngine {
  return new DockerEngine(state.regions[region]?.dockerHost);
}

async function withLogs(
  engine: DockerEngine,
  id: string,
  wait: () => Promise<void>,
): Promise<void> {
  try {
    await wait();
  } catch (err) {
    if (!(err instanceof TopologyError)) throw err;
    const logs = await engine.logs(id, 10);
    throw new TopologyError(
      `${err.message}${logs ? `; its container log ends with:\n${logs}` : ''}`,
      err.hint,
    );
  }
}
