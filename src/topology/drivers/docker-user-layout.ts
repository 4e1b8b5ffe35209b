// The layout for a user's own compose file (`--compose FILE`, topology.compose): the user's
// services are the regions; gameday adds Toxiproxy (every link), the router and the project
// label with an override file in .gameday/, so the user's file is never edited. The links
// Toxiproxy carries are written to .gameday/toxiproxy.json, which it loads at start.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { BadInputError } from '../../errors.js';
import type { ComposeSpec, RegionName, TopologySpec } from '../../model.js';
import { composeImages } from '../../docker/doctor.js';
import { PROJECT_LABEL } from '../../docker/engine.js';
import type { LinkState } from '../driver.js';
import { gamedayDir } from '../state.js';
import { ROUTER_CONTAINER_PORTS, type ComposeLayout } from './docker-layout.js';

// Container ports of the links gameday adds; replication ports are the user's (declared).
const CLIENT_PORT_BASE = 8101;
const DIRECT_PORT_BASE = 8201;
const TOXIPROXY_API = 8474;
const EDGE = 'gameday_edge';
const SERVICES = { toxiproxy: 'toxiproxy', router: 'gameday-router' };

export function userLayout(
  root: string,
  spec: TopologySpec,
  project: string,
  haproxyCfg: string,
): ComposeLayout {
  const compose = spec.compose!;
  const services = readServices(compose.file);
  const links = userLinks(spec.regions, compose, services);
  const direct = spec.regions.map((r, i) => proxy(`direct_${r}`, DIRECT_PORT_BASE + i, compose, r));
  const dir = gamedayDir(root);
  mkdirSync(dir, { recursive: true });
  const toxiproxyJson = join(dir, 'toxiproxy.json');
  writeFileSync(toxiproxyJson, JSON.stringify([...links, ...direct].map(proxyConfig), null, 2));
  const override = join(dir, 'compose.override.yml');
  const networks = regionNetworks(spec.regions, compose, services);
  const published = [...links.filter((l) => l.kind === 'client'), ...direct];
  writeFileSync(
    override,
    overrideFile({ project, toxiproxyJson, haproxyCfg, networks, published, compose }),
  );
  return {
    files: [compose.file, override],
    env: { GAMEDAY_PROJECT: project },
    services: { ...SERVICES, store: (r) => compose.regions[r]!.service },
    links,
    directPort: (r) => userDirectPort(spec.regions, r),
  };
}

/** The container port of gameday's never-faulted proxy to a region of a user's file. */
export function userDirectPort(regions: RegionName[], region: RegionName): string {
  return `${DIRECT_PORT_BASE + regions.indexOf(region)}/tcp`;
}

type Services = Record<string, { networks?: string[] | Record<string, unknown> }>;

function readServices(file: string): Services {
  if (!file) {
    throw new BadInputError(
      'topology.compose names no compose file',
      'pass --compose FILE, or set topology.compose.file in the scenario',
    );
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new BadInputError(
      `cannot read the compose file ${file}: ${(err as Error).message}`,
      'check --compose FILE',
    );
  }
  return ((parse(text) as { services?: Services } | null)?.services ?? {}) as Services;
}

/** Client links (gameday's) and the declared replication links, checked against the file. */
function userLinks(regions: RegionName[], compose: ComposeSpec, services: Services): LinkState[] {
  for (const r of regions) {
    const service = compose.regions[r]?.service;
    if (!service || !services[service]) {
      throw new BadInputError(
        `topology.compose.regions.${r}: ${service ? `no service "${service}" in ${compose.file}` : 'missing'}`,
        `name the service of every region (${regions.join(', ')}) and its port`,
      );
    }
  }
  const client = regions.map((r, i) => proxy(`client_to_${r}`, CLIENT_PORT_BASE + i, compose, r));
  const replication = Object.entries(compose.links).map(([name, port]) => {
    const [from, to] = name.split('_to_');
    if (!from || !to || !regions.includes(from) || !regions.includes(to)) {
      throw new BadInputError(
        `topology.compose.links: "${name}" is not <from>_to_<to> between regions ${regions.join(', ')}`,
        'name replication links like us_to_eu: 8301',
      );
    }
    return proxy(name, port, compose, to);
  });
  return [...client, ...replication];
}

/** One proxy to region `to`; `direct_<r>` (gameday's own reads) counts as a client link. */
function proxy(name: string, port: number, compose: ComposeSpec, to: RegionName): LinkState {
  const from = name.includes('_to_') ? name.split('_to_')[0]! : 'client';
  const { service, port: storePort } = compose.regions[to]!;
  return {
    name,
    kind: from === 'client' ? 'client' : 'replication',
    from,
    to,
    listen: `0.0.0.0:${port}`,
    upstream: `${service}:${storePort}`,
  };
}

function proxyConfig(l: LinkState) {
  return { name: l.name, listen: l.listen, upstream: l.upstream, enabled: true };
}

/** The networks the region services sit on: Toxiproxy joins each of them. */
function regionNetworks(regions: RegionName[], compose: ComposeSpec, services: Services) {
  const names = regions.flatMap((r) => {
    const nets = services[compose.regions[r]!.service]!.networks;
    if (!nets) return ['default'];
    return Array.isArray(nets) ? nets : Object.keys(nets);
  });
  return [...new Set(names)];
}

interface OverrideInput {
  project: string;
  toxiproxyJson: string;
  haproxyCfg: string;
  networks: string[];
  published: LinkState[];
  compose: ComposeSpec;
}

function overrideFile(o: OverrideInput): string {
  const labels = { [PROJECT_LABEL]: o.project };
  const images = composeImages();
  const onLoopback = (port: number | string) => `127.0.0.1::${port}`;
  const regionServices = Object.values(o.compose.regions).map((r) => [r.service, { labels }]);
  const file = {
    version: '3.8',
    services: {
      ...Object.fromEntries(regionServices),
      [SERVICES.toxiproxy]: {
        image: images.toxiproxy,
        command: ['-host=0.0.0.0', '-config=/etc/gameday/toxiproxy.json'],
        volumes: [`${o.toxiproxyJson}:/etc/gameday/toxiproxy.json:ro`],
        labels,
        ports: [TOXIPROXY_API, ...o.published.map((l) => l.listen.split(':').pop()!)].map(
          onLoopback,
        ),
        networks: [EDGE, ...o.networks],
      },
      [SERVICES.router]: {
        image: images.haproxy,
        volumes: [`${o.haproxyCfg}:/usr/local/etc/haproxy/haproxy.cfg:ro`],
        labels,
        ports: Object.values(ROUTER_CONTAINER_PORTS).map(onLoopback),
        depends_on: [SERVICES.toxiproxy],
        networks: [EDGE],
      },
    },
    networks: { [EDGE]: { labels } },
  };
  return stringify(file);
}
