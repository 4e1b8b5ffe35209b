// A store kind's docker topology, planned: the ports, links, regions and companions recorded in
// state.json, the config files to write, and the compose services (with ${GAMEDAY_*}
// variables for what the run picks) that start every part on the host's network with the
// local driver's command lines. It touches neither disk nor Docker.
import { join } from 'node:path';
import { composeImages, STORE_IMAGE_VARIABLES, storeImages } from '../../docker/doctor.js';
import { PROJECT_LABEL } from '../../docker/engine.js';
import type { StoreSpec, TopologySpec } from '../../model.js';
import { storeOf, type RegionLaunchContext, type Store } from '../../stores/index.js';
import type { CompanionState, TopologyState } from '../driver.js';
import { haproxyConfig } from '../haproxy.js';
import { planLinks, replicationLink } from '../links.js';
import { gamedayDir, paths } from '../state.js';
import { clockDir } from '../clock.js';
import { fakeClockOf } from '../../stores/fake-clock.js';
import { clockMount } from './docker-clock.js';
import { HOST } from './local-parts.js';
import {
  imageRef,
  literal,
  portVariable,
  templated,
  type StoresService,
  type StoresServices,
} from './docker-stores-compose.js';

export function storeService(region: string): string {
  return `store-${region}`;
}

/** What one run of a store kind needs: its compose services and where their values come from. */
export interface StoresPlan {
  /** The services with ${GAMEDAY_*} variables (the same for every run of a store section). */
  services: StoresServices;
  /** The variables' values for this run. */
  env: Record<string, string>;
  /** Directories emptied before the start (data), then the config files written in them. */
  dirs: string[];
  files: Record<string, string>;
  /** The longest a region may take to be ready. */
  startTimeoutMs: number;
}

/** Plans a store kind's topology on `ports` (fills `state`); touches neither disk nor Docker. */
export async function planStores(
  root: string,
  spec: TopologySpec,
  state: TopologyState,
  ports: number[],
  freePort: () => Promise<number>,
): Promise<StoresPlan> {
  const store = storeOf(spec.store);
  const take = () => ports.shift()!;
  const api = take();
  const storePorts = Object.fromEntries(spec.regions.map((r) => [r, take()]));
  state.toxiproxy.url = `http://${HOST}:${api}`;
  state.links = planLinks(spec.regions, HOST, take, (r) => `${HOST}:${storePorts[r]}`);
  for (const link of state.links) {
    if (link.kind === 'replication')
      link.upstream = store.replicationUpstream(link.to, link.upstream);
  }
  const dir = gamedayDir(root);
  const dataRoot = join(dir, 'data');
  const plan: StoresPlan = { services: {}, env: {}, dirs: [], files: {}, startTimeoutMs: 0 };
  const dataDir = (name: string) => (
    plan.dirs.push(paths.data(root, name)),
    paths.data(root, name)
  );
  const contexts = Object.fromEntries(
    spec.regions.map((r) => [r, regionContext(state, r, storePorts[r]!, dataDir(r))]),
  );
  const services: StoresServices = {};
  const part = (command: string, args: string[], env: Record<string, string> = {}) => ({
    image: storeImageRef(spec.store),
    network_mode: 'host' as const,
    labels: { [PROJECT_LABEL]: '${GAMEDAY_PROJECT}' },
    restart: 'no' as const,
    entrypoint: [command, ...args].map(literal),
    environment: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, literal(v)])),
    volumes: [`${dataRoot}:${dataRoot}`],
  });
  for (const region of spec.regions) {
    const launch = store.launch(contexts[region]!);
    plan.startTimeoutMs = Math.max(plan.startTimeoutMs, launch.startTimeoutMs);
    const service = part(launch.command, launch.args, launch.env);
    // As on the local driver, a kind that runs under libfaketime reads its region's clock
    // file, here mounted at the host's path (docker-clock.ts).
    if (fakeClockOf(spec.store) === true) {
      const clock = clockMount(clockDir(root), clockDir(root), region);
      Object.assign(service.environment, clock.environment);
      service.volumes.push(clock.volume);
    }
    services[storeService(region)] = service;
    const clientLink = state.links.find((l) => l.kind === 'client' && l.to === region)!;
    state.regions[region] = {
      name: region,
      directUrl: `http://${HOST}:${storePorts[region]}`,
      clientUrl: `http://${clientLink.listen}`,
      dataDir: contexts[region]!.dataDir,
    };
  }
  const companions = await store.companions({ host: HOST, regions: contexts, dataDir, freePort });
  state.companions = companions.map(({ files, ...c }) => {
    Object.assign(plan.files, files ?? {});
    services[c.name] = part(c.command, c.args);
    return { ...c, logFile: '' } satisfies CompanionState;
  });
  services.toxiproxy = toxiproxyService(dir, state, api, plan.files);
  services.haproxy = routerService(dir, state, store, [take(), take(), take()], plan.files);
  const portVars = Object.fromEntries([
    [portVariable('toxiproxy'), api],
    ...spec.regions.map((r) => [portVariable(`store_${r}`), storePorts[r]!]),
    ...state.links.map((l) => [portVariable(l.name), Number(l.listen.split(':').pop())]),
  ]) as Record<string, number>;
  plan.services = templated(services, { GAMEDAY_DIR: dir }, portVars);
  plan.env = {
    GAMEDAY_DIR: dir,
    GAMEDAY_PROJECT: state.project,
    ...Object.fromEntries(Object.entries(portVars).map(([v, p]) => [v, String(p)])),
  };
  return plan;
}

/** `${GAMEDAY_REDIS_IMAGE:-redis:7.2}`: what the compose file names for a store kind. */
function storeImageRef(store: StoreSpec): string {
  const kind = store.kind as keyof typeof STORE_IMAGE_VARIABLES;
  return imageRef(STORE_IMAGE_VARIABLES[kind], storeImages({})[kind]);
}

function regionContext(
  state: TopologyState,
  region: string,
  port: number,
  dataDir: string,
): RegionLaunchContext {
  const peers = Object.fromEntries(
    state.spec.regions
      .filter((p) => p !== region)
      .map((p) => [p, `http://${replicationLink(state.links, region, p).listen}`]),
  );
  return { region, host: HOST, port, dataDir, peers };
}

function toxiproxyService(
  dir: string,
  state: TopologyState,
  api: number,
  files: Record<string, string>,
): StoresService {
  const file = join(dir, 'toxiproxy.json');
  const proxies = state.links.map(({ name, listen, upstream }) => ({ name, listen, upstream }));
  files[file] = JSON.stringify(
    proxies.map((p) => ({ ...p, enabled: true })),
    null,
    2,
  );
  return {
    image: imageRef('GAMEDAY_TOXIPROXY_IMAGE', composeImages({}).toxiproxy!),
    network_mode: 'host',
    labels: { [PROJECT_LABEL]: '${GAMEDAY_PROJECT}' },
    restart: 'no',
    // The links come back from this file, clean, whenever the container starts again.
    command: [`-host=${HOST}`, `-port=${api}`, '-config=/etc/gameday/toxiproxy.json'],
    volumes: [`${file}:/etc/gameday/toxiproxy.json:ro`],
  };
}

function routerService(
  dir: string,
  state: TopologyState,
  store: Store,
  [port, stats, admin]: number[],
  files: Record<string, string>,
): StoresService {
  const file = join(dir, 'haproxy.cfg');
  const servers = Object.values(state.regions).map((r) => ({
    region: r.name,
    address: r.clientUrl.replace('http://', ''),
  }));
  files[file] = haproxyConfig({
    port: port!,
    statsPort: stats!,
    servers,
    options: state.spec.router,
    check: store.routerCheck,
    // `gameday route` reaches the runtime API on loopback TCP, as on the other docker layouts.
    adminSocket: `ipv4@${HOST}:${admin}`,
  });
  state.router = {
    url: `http://${HOST}:${port}`,
    statsUrl: `http://${HOST}:${stats}/`,
    adminSocket: `${HOST}:${admin}`,
  };
  return {
    image: imageRef('GAMEDAY_HAPROXY_IMAGE', composeImages({}).haproxy!),
    network_mode: 'host',
    labels: { [PROJECT_LABEL]: '${GAMEDAY_PROJECT}' },
    restart: 'no',
    volumes: [`${file}:/usr/local/etc/haproxy/haproxy.cfg:ro`],
  };
}
