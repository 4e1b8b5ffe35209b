// How each part of the local topology is started: its command line and readiness test.
// Kept apart from the start sequence so a restart of a killed region reuses the same recipe.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../dirs.js';
import { PreconditionError } from '../../errors.js';
import type { RegionName, StoreOptions } from '../../model.js';
import { goInstalled, which } from '../../proc/which.js';

export { packageRoot };

export const HOST = '127.0.0.1';

export function kvstoreMain(): string {
  return join(packageRoot(), 'dist', 'fixtures', 'kvstore', 'main.js');
}

/** The external programs the local driver needs, each with how to get it. */
export function requiredTools(): { name: string; path?: string; fix: string }[] {
  const store = kvstoreMain();
  return [
    {
      name: 'toxiproxy-server',
      // `go install …/cmd/server` (the fix below) names the binary `server`: found there too.
      path: tool('GAMEDAY_TOXIPROXY_SERVER', 'toxiproxy-server') ?? goInstalled('server'),
      fix: 'go install github.com/Shopify/toxiproxy/v2/cmd/server@v2.12.0 (found as `server` in $GOBIN or ~/go/bin), or put toxiproxy-server on PATH',
    },
    {
      name: 'haproxy',
      path: tool('GAMEDAY_HAPROXY', 'haproxy'),
      fix: 'sudo apt-get install haproxy',
    },
    { name: 'kvstore', path: existsSync(store) ? store : undefined, fix: 'npm run build' },
  ];
}

/** An explicit path from the environment wins over PATH (e.g. a Toxiproxy built elsewhere). */
function tool(envVar: string, name: string): string | undefined {
  const explicit = process.env[envVar];
  if (explicit !== undefined) return existsSync(explicit) ? explicit : undefined;
  return which(name);
}

/** Fails before anything starts when a program is missing. */
export function assertTools(): { toxiproxy: string; haproxy: string } {
  const tools = requiredTools();
  const missing = tools.find((t) => !t.path);
  if (missing) {
    throw new PreconditionError(`${missing.name} is not installed (not found)`, missing.fix);
  }
  return { toxiproxy: tools[0]!.path!, haproxy: tools[1]!.path! };
}

export interface StoreLaunch {
  region: RegionName;
  port: number;
  dataDir: string;
  /** Peer region → URL of the replication link from this region to it. */
  peers: Record<RegionName, string>;
  options: StoreOptions;
}

export function kvstoreArgs(s: StoreLaunch): string[] {
  const peers = Object.entries(s.peers).flatMap(([name, url]) => ['--peer', `${name}=${url}`]);
  return [
    kvstoreMain(),
    ...['--region', s.region, '--host', HOST, '--port', String(s.port)],
    ...['--data-dir', s.dataDir, ...peers],
    ...['--conflict', s.options.conflict, '--writes', s.options.writes],
    ...['--durability', s.options.durability],
    ...Object.entries(ownershipSettings(s.options)).flatMap(([flag, value]) => [
      `--${flag}`,
      value,
    ]),
  ];
}

/** The store's ownership flags by name (ownership, home, forward), only those set. */
export function ownershipSettings(options: StoreOptions): Record<string, string> {
  const settings: Record<string, string> = {};
  if (options.ownership !== undefined) settings.ownership = options.ownership;
  if (options.home !== undefined) settings.home = options.home;
  if (options.forward !== undefined) settings.forward = String(options.forward);
  return settings;
}

/** The same settings as environment variables: `KV_OWNERSHIP`, `GAMEDAY_KV_HOME`... */
export function ownershipEnv(options: StoreOptions, prefix: string): Record<string, string> {
  const settings = Object.entries(ownershipSettings(options));
  return Object.fromEntries(settings.map(([name, value]) => [prefix + name.toUpperCase(), value]));
}

export function toxiproxyArgs(port: number): string[] {
  return ['-host', HOST, '-port', String(port)];
}

/**
 * Toxiproxy shares the machine with the stores and the clients it carries. Left to use every
 * core, Go's scheduler competes with them; on 2 cores one P measured better throughput through
 * the links (bench/topology.ts). GOMAXPROCS in our environment wins.
 */
export function toxiproxyEnv(): Record<string, string> {
  const half = Math.max(1, Math.floor(availableParallelism() / 2));
  return { GOMAXPROCS: process.env.GOMAXPROCS ?? String(half) };
}

/** -db keeps HAProxy in the foreground of its own detached process, so its pid is ours to stop. */
export function haproxyArgs(configFile: string): string[] {
  return ['-db', '-f', configFile];
}
