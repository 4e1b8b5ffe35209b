// Regions on several Docker engines (topology `engines`: region → DOCKER_HOST). Compose cannot
// span engines, so each engine gets its own compose file and `up`, under the same project
// name and label. The engines share one host's loopback here, so every part runs with host
// networking on 127.0.0.1 ports gameday picks (as the local driver does): Toxiproxy and the
// router on the default engine, each store on its region's engine, every link a Toxiproxy
// proxy between loopback ports. Across machines the same files hold with private addresses.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { RegionName, StoreOptions, TopologySpec } from '../../model.js';
import { composeUp, requireCompose } from '../../docker/compose.js';
import { composeImages } from '../../docker/doctor.js';
import { DockerEngine, PROJECT_LABEL } from '../../docker/engine.js';
import { ToxiproxyApi } from '../../toxiproxy/api.js';
import type { LinkState, TopologyState } from '../driver.js';
import { haproxyConfig } from '../haproxy.js';
import { waitReady } from '../health.js';
import { freePorts } from '../ports.js';
import { ownershipEnv } from './local-parts.js';
import { gamedayDir, saveState } from '../state.js';

const HUB = ''; // the environment's engine: Toxiproxy, the router, regions without an engine
const LOOPBACK = '127.0.0.1';

/** The engines a state uses: '' is the environment's default. */
export function stateEngines(state: TopologyState): string[] {
  const hosts = Object.values(state.regions).map((r) => r.dockerHost ?? HUB);
  return [...new Set([HUB, ...hosts])];
}

export async function startOnEngines(
  root: string,
  spec: TopologySpec & { engines: Record<RegionName, string> },
  store: StoreOptions,
  state: TopologyState,
): Promise<void> {
  const n = spec.regions.length;
  const [api, entry, stats, admin, ...rest] = await freePorts(4 + 3 * n + n * (n - 1));
  const storePort = Object.fromEntries(spec.regions.map((r, i) => [r, rest[i]!]));
  const links = loopbackLinks(spec.regions, storePort, rest.slice(n));
  const dir = gamedayDir(root);
  mkdirSync(dir, { recursive: true });
  const files = {
    toxiproxy: join(dir, 'toxiproxy.json'),
    router: join(dir, 'haproxy.cfg'),
  };
  writeFileSync(files.toxiproxy, JSON.stringify(links.map(proxyConfig), null, 2));
  const clientLinks = links.filter((l) => l.name.startsWith('client_to_'));
  const servers = clientLinks.map((l) => ({ region: l.to, address: l.listen }));
  const routerCfg = haproxyConfig({
    port: entry!,
    statsPort: stats!,
    servers,
    options: spec.router,
    adminSocket: `ipv4@${LOOPBACK}:${admin}`,
  });
  writeFileSync(files.router, routerCfg, { mode: 0o644 });

  state.toxiproxy.url = `http://${LOOPBACK}:${api}`;
  state.router = {
    url: `http://${LOOPBACK}:${entry}`,
    statsUrl: `http://${LOOPBACK}:${stats}/`,
    adminSocket: `${LOOPBACK}:${admin}`,
  };
  state.links = links.filter((l) => !l.name.startsWith('direct_'));
  for (const region of spec.regions) {
    const port = (name: string) => links.find((l) => l.name === name)!.listen;
    state.regions[region] = {
      name: region,
      directUrl: `http://${port(`direct_${region}`)}`,
      clientUrl: `http://${port(`client_to_${region}`)}`,
      ...(spec.engines[region] && { dockerHost: spec.engines[region] }),
    };
  }
  saveState(root, state);
  const cli = await requireCompose();
  for (const host of stateEngines(state)) {
    const services = engineServices(host, state, { api: api!, storePort, store, files });
    const file = join(dir, `compose.${host ? engineSlug(host) : 'hub'}.yml`);
    writeFileSync(file, stringify({ version: '3.8', services }));
    const env: Record<string, string> = host ? { DOCKER_HOST: host } : {};
    await composeUp({ cli, files: [file], project: state.project, env });
  }
  await recordContainers(state);
  saveState(root, state);
  await waitReady(
    {
      part: 'toxiproxy',
      ready: () => new ToxiproxyApi(state.toxiproxy.url).answers(),
    },
    30_000,
  );
}

/** Container ids, each from its region's engine. */
async function recordContainers(state: TopologyState): Promise<void> {
  for (const region of Object.values(state.regions)) {
    const engine = new DockerEngine(region.dockerHost);
    const containers = await engine.projectContainers(state.project);
    region.containerId = containers[`kv-${region.name}`]?.id;
  }
}

function engineSlug(host: string): string {
  return host.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '');
}

/** client_to_<r>, direct_<r> and <a>_to_<b>, each on its own loopback port. */
function loopbackLinks(
  regions: RegionName[],
  storePort: Record<RegionName, number>,
  ports: number[],
): LinkState[] {
  const next = () => ports.shift()!;
  const link = (name: string, kind: LinkState['kind'], from: string, to: RegionName) => ({
    name,
    kind,
    from,
    to,
    listen: `${LOOPBACK}:${next()}`,
    upstream: `${LOOPBACK}:${storePort[to]}`,
  });
  return [
    ...regions.map((r) => link(`client_to_${r}`, 'client', 'client', r)),
    ...regions.map((r) => link(`direct_${r}`, 'client', 'client', r)),
    ...regions.flatMap((a) =>
      regions.filter((b) => b !== a).map((b) => link(`${a}_to_${b}`, 'replication', a, b)),
    ),
  ];
}

function proxyConfig(l: LinkState) {
  return { name: l.name, listen: l.listen, upstream: l.upstream, enabled: true };
}

interface EngineInput {
  api: number;
  storePort: Record<RegionName, number>;
  store: StoreOptions;
  files: { toxiproxy: string; router: string };
}

/** The services one engine runs: its regions' stores, plus Toxiproxy and the router on the hub. */
function engineServices(host: string, state: TopologyState, o: EngineInput) {
  const labels = { [PROJECT_LABEL]: state.project };
  const images = composeImages();
  const hostNet = { network_mode: 'host', labels };
  const services: Record<string, unknown> = {};
  for (const r of Object.values(state.regions)) {
    if ((r.dockerHost ?? HUB) !== host) continue;
    const peers = state.links
      .filter((l) => l.kind === 'replication' && l.from === r.name)
      .map((l) => `${l.to}=http://${l.listen}`);
    services[`kv-${r.name}`] = {
      ...hostNet,
      image: images.kvstore,
      environment: {
        KV_REGION: r.name,
        KV_HOST: LOOPBACK,
        KV_PORT: String(o.storePort[r.name]),
        KV_DATA_DIR: '/data',
        KV_PEERS: peers.join(','),
        KV_CONFLICT: o.store.conflict,
        KV_WRITES: o.store.writes,
        KV_DURABILITY: o.store.durability,
        ...ownershipEnv(o.store, 'KV_'),
      },
    };
  }
  if (host !== HUB) return services;
  services.toxiproxy = {
    ...hostNet,
    image: images.toxiproxy,
    command: [`-host=${LOOPBACK}`, `-port=${o.api}`, '-config=/etc/gameday/toxiproxy.json'],
    volumes: [`${o.files.toxiproxy}:/etc/gameday/toxiproxy.json:ro`],
  };
  services.haproxy = {
    ...hostNet,
    image: images.haproxy,
    volumes: [`${o.files.router}:/usr/local/etc/haproxy/haproxy.cfg:ro`],
  };
  return services;
}
