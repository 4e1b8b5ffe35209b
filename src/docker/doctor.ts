// What `gameday doctor` reports for the docker driver: the engine, the Compose CLI, each image
// the compose file will use and the store kinds' images, each with the fix when it is missing,
// and whether the bundled store's and galera's images carry libfaketime (clock-skew). Optional
// checks: the local driver works without any of them.
import { findCompose } from './compose.js';
import { DockerEngine, LIBFAKETIME_LABEL } from './engine.js';

export interface DockerCheck {
  name: string;
  ok: boolean;
  required: false;
  detail: string;
  fix?: string;
}

/** The images docker-compose.yml uses, honouring the same GAMEDAY_*_IMAGE overrides. */
export function composeImages(env = process.env): Record<string, string> {
  return {
    toxiproxy: env.GAMEDAY_TOXIPROXY_IMAGE ?? 'ghcr.io/shopify/toxiproxy:2.12.0',
    haproxy: env.GAMEDAY_HAPROXY_IMAGE ?? 'haproxy:2.6',
    kvstore: env.GAMEDAY_KVSTORE_IMAGE ?? 'gameday/kvstore:dev',
    // Holds each region's network address while its store is killed (docker-compose.yml).
    node: env.GAMEDAY_NODE_IMAGE ?? 'node:20-slim',
  };
}

/** The variable naming each store kind's image (compose/*.yml read the same ones). */
export const STORE_IMAGE_VARIABLES = {
  'redis-sentinel': 'GAMEDAY_REDIS_IMAGE',
  galera: 'GAMEDAY_MARIADB_IMAGE',
} as const;

/** The images the docker driver runs a store kind in: the official ones unless overridden. */
export function storeImages(env = process.env): Record<'redis-sentinel' | 'galera', string> {
  return {
    'redis-sentinel': env[STORE_IMAGE_VARIABLES['redis-sentinel']] ?? 'redis:7.2',
    galera: env[STORE_IMAGE_VARIABLES.galera] ?? 'mariadb:11.4',
  };
}

export async function dockerChecks(engine = new DockerEngine()): Promise<DockerCheck[]> {
  const check = (name: string, ok: boolean, detail: string, fix: string): DockerCheck => ({
    name,
    ok,
    required: false,
    detail,
    fix: ok ? undefined : fix,
  });
  const up = await engine.available();
  const compose = await findCompose();
  const checks = [
    check(
      'docker engine',
      up,
      up ? `engine ${await engine.version()}` : 'no engine answers',
      'start it: sudo scripts/start-dockerd (or your system service), or use --driver local',
    ),
    check(
      'docker compose',
      Boolean(compose),
      compose ? `${compose.argv.join(' ')} ${compose.version}` : 'not found',
      'install the Compose plugin, or on Debian: sudo apt-get install docker-compose',
    ),
  ];
  if (!up) return checks;
  for (const [part, tag] of Object.entries(composeImages())) {
    const online =
      part === 'kvstore' ? 'built by the first `up --driver docker`' : `docker pull ${tag}`;
    const fix = `${online}; offline: scripts/build-local-images, then set what its --env prints`;
    const present = await engine.imagePresent(tag);
    const clock = part === 'kvstore' && present ? await clockDetail(engine, tag) : '';
    checks.push(check(`image ${part}`, present, `${tag}${clock}`, fix));
  }
  // Only `topology.store.kind: redis-sentinel` or `galera` on docker needs these.
  const storeParts = { redis: 'redis-sentinel', mariadb: 'galera' } as const;
  for (const [part, kind] of Object.entries(storeParts)) {
    const tag = storeImages()[kind];
    const fix = `docker pull ${tag}; offline: scripts/build-local-images (it needs this machine's ${part === 'redis' ? 'redis-server' : 'mariadbd and galera-4'}), then set what its --env prints`;
    const present = await engine.imagePresent(tag);
    const clock = kind === 'galera' && present ? await clockDetail(engine, tag) : '';
    checks.push(check(`image ${part}`, present, `${tag} (store kind ${kind})${clock}`, fix));
  }
  return checks;
}

/** Whether a store image carries libfaketime: clock-skew on docker needs it. */
async function clockDetail(engine: DockerEngine, tag: string): Promise<string> {
  const lib = await engine.imageLabel(tag, LIBFAKETIME_LABEL);
  return lib
    ? ', with libfaketime (clock-skew)'
    : ', no libfaketime: clock-skew refused (scripts/build-local-images adds it)';
}
