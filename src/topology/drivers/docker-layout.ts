// Where things are in a compose topology: the files Compose runs, service names, container
// ports, and the Toxiproxy links. The bundled layout reads its links from the same
// fixtures/compose/toxiproxy.json Toxiproxy loads, so the compose file and gameday cannot
// disagree about a port; a user's file gets its layout from docker-user-layout.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BadInputError } from '../../errors.js';
import type { RegionName, StoreOptions } from '../../model.js';
import type { LinkState } from '../driver.js';
import { ownershipEnv, packageRoot } from './local-parts.js';

/** What the docker start sequence needs to know about a compose topology. */
export interface ComposeLayout {
  /** Compose files, in `--file` order (later ones override earlier ones). */
  files: string[];
  /** Variables for the files' ${...} substitutions. */
  env: Record<string, string>;
  services: { toxiproxy: string; router: string; store: (region: RegionName) => string };
  /** Client and replication links between the chosen regions. */
  links: LinkState[];
  /** The container port of the never-faulted `direct_<region>` proxy (`8201/tcp`). */
  directPort: (region: RegionName) => string;
}

export const SERVICES = { toxiproxy: 'toxiproxy', router: 'haproxy' } as const;
export const PORTS = {
  toxiproxyApi: '8474/tcp',
  router: '8080/tcp',
  routerStats: '8404/tcp',
  routerAdmin: '9999/tcp',
};
/** admin: HAProxy's runtime API (`gameday route`), published on 127.0.0.1 like the others. */
export const ROUTER_CONTAINER_PORTS = { entry: 8080, stats: 8404, admin: 9999 };

export function storeService(region: RegionName): string {
  return `kv-${region}`;
}

export function composeFile(): string {
  return join(packageRoot(), 'docker-compose.yml');
}

interface ProxyConfig {
  name: string;
  listen: string;
  upstream: string;
}

export function bundledProxies(): ProxyConfig[] {
  const file = join(packageRoot(), 'fixtures', 'compose', 'toxiproxy.json');
  return JSON.parse(readFileSync(file, 'utf8')) as ProxyConfig[];
}

/** The regions the bundled compose file defines; another set needs `--compose FILE`. */
export function assertBundledRegions(regions: RegionName[], proxies = bundledProxies()): void {
  const known = proxies.filter((p) => p.name.startsWith('client_to_')).map((p) => p.name.slice(10));
  const unknown = regions.filter((r) => !known.includes(r));
  if (unknown.length > 0) {
    throw new BadInputError(
      `the bundled docker-compose.yml has regions ${known.join(', ')}; not ${unknown.join(', ')}`,
      'use the regions us and eu with --driver docker, or --driver local for other names',
    );
  }
}

/** Client and replication links between the chosen regions, as Toxiproxy sees them. */
export function linksFor(regions: RegionName[], proxies = bundledProxies()): LinkState[] {
  const links: LinkState[] = [];
  for (const p of proxies) {
    const [from, to] = p.name.split('_to_') as [string, string];
    if (!regions.includes(to) || (from !== 'client' && !regions.includes(from))) continue;
    const kind = from === 'client' ? 'client' : 'replication';
    links.push({ name: p.name, kind, from, to, listen: p.listen, upstream: p.upstream });
  }
  return links;
}

/** The container port (`8101/tcp`) a proxy listens on, to find where it is published. */
export function containerPort(proxy: ProxyConfig | LinkState): string {
  return `${proxy.listen.split(':').pop()}/tcp`;
}

/** The never-faulted proxy gameday uses to reach a region's store itself. */
export function directProxy(region: RegionName, proxies = bundledProxies()): ProxyConfig {
  const found = proxies.find((p) => p.name === `direct_${region}`);
  if (!found) throw new BadInputError(`fixtures/compose/toxiproxy.json has no direct_${region}`);
  return found;
}

/** The bundled docker-compose.yml for this spec; `haproxyCfg` is where the router's config goes. */
export function bundledLayout(
  regions: RegionName[],
  store: StoreOptions,
  project: string,
  haproxyCfg: string,
): ComposeLayout {
  assertBundledRegions(regions);
  return {
    files: [composeFile()],
    env: {
      GAMEDAY_PROJECT: project,
      GAMEDAY_HAPROXY_CFG: haproxyCfg,
      GAMEDAY_KV_CONFLICT: store.conflict,
      GAMEDAY_KV_WRITES: store.writes,
      GAMEDAY_KV_DURABILITY: store.durability,
      ...ownershipEnv(store, 'GAMEDAY_KV_'),
    },
    services: { ...SERVICES, store: storeService },
    links: linksFor(regions),
    directPort: (region) => containerPort(directProxy(region)),
  };
}
