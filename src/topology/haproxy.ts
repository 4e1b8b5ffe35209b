// HAProxy configuration for the global entry: pure text generation, tested in memory.
import type { RouterOptions } from '../model.js';

export interface RouterConfig {
  /** Port clients use. */
  port: number;
  /** Port of the stats page (CSV at `/;csv`), used for health waiting and `status`. */
  statsPort: number;
  /** One backend server per region: its client link (host:port on Toxiproxy). */
  servers: { region: string; address: string }[];
  options: RouterOptions;
  /** Address HAProxy binds (default 127.0.0.1; in a container, all addresses so ports publish). */
  bindHost?: string;
  /** What the health check asks each region for (default /health; a user's store may differ). */
  healthPath?: string;
  /** How a region is judged usable; wins over healthPath. TCP stores (Redis) need `tcp`. */
  check?: RouterCheck;
  /** Where HAProxy's runtime API listens (`gameday route`): a unix socket path, or
   * `ipv4@host:port` where a path cannot be shared (a container, a path too long). */
  adminSocket?: string;
}

/** HTTP: GET path must answer 200. TCP: each line of `script` is a `tcp-check` rule, so the
 * router can follow a primary (Redis: send INFO replication, expect role:master). */
export type RouterCheck =
  | { mode: 'http'; path: string }
  /** `everyRegion`: a multi-master store (Galera), every region passes; else one primary. */
  | { mode: 'tcp'; script: string[]; everyRegion?: boolean };

export const DEFAULT_ROUTER: RouterOptions = { interMs: 500, fall: 3, rise: 2, timeoutMs: 250 };

/** The backend holding one server per region (the runtime API names servers `regions/eu`). */
export const ROUTER_BACKEND = 'regions';

/** Every region's weight at start: `gameday route weight eu 50` then gives eu half of us's share. */
export const ROUTER_WEIGHT = 100;

/**
 * `retries 0` and no `option redispatch`: HAProxy must not quietly resend a failed request to
 * the other region, or a dead region would look like a slow one and failover time would read 0.
 * A request in flight when a region dies fails, exactly as it would for a client without a router.
 */
export function haproxyConfig(cfg: RouterConfig): string {
  const o = cfg.options;
  const check = cfg.check ?? { mode: 'http', path: cfg.healthPath ?? '/health' };
  // A TCP client holds its connection: without shutdown-sessions it would keep talking to a
  // region the router has taken out (a demoted Redis primary) instead of reconnecting.
  const onDown = check.mode === 'tcp' ? ' on-marked-down shutdown-sessions' : '';
  const servers = cfg.servers.map(
    (s) =>
      `  server ${s.region} ${s.address} check inter ${o.interMs} fall ${o.fall} rise ${o.rise} weight ${ROUTER_WEIGHT}${onDown}`,
  );
  // Level admin: `gameday route` drains and weighs servers through it. A unix socket is
  // readable by its owner only; a TCP one is only ever bound or published on loopback.
  const admin = cfg.adminSocket;
  const socket = admin
    ? [`  stats socket ${admin}${admin.startsWith('/') ? ' mode 600' : ''} level admin`]
    : [];
  return [
    'global',
    '  maxconn 4096',
    '  nbthread 1',
    ...socket,
    '',
    'defaults',
    `  mode ${check.mode}`,
    '  timeout connect 1s',
    '  timeout client 30s',
    '  timeout server 30s',
    '  retries 0',
    '  no option redispatch',
    '',
    'frontend entry',
    `  bind ${cfg.bindHost ?? '127.0.0.1'}:${cfg.port}`,
    `  default_backend ${ROUTER_BACKEND}`,
    '',
    `backend ${ROUTER_BACKEND}`,
    '  balance roundrobin',
    ...checkLines(check),
    `  timeout check ${o.timeoutMs}ms`,
    ...servers,
    '',
    'listen stats',
    `  bind ${cfg.bindHost ?? '127.0.0.1'}:${cfg.statsPort}`,
    '  mode http',
    '  stats enable',
    '  stats uri /',
    '',
  ].join('\n');
}

function checkLines(check: RouterCheck): string[] {
  if (check.mode === 'http') {
    return [`  option httpchk GET ${check.path}`, '  http-check expect status 200'];
  }
  return ['  option tcp-check', ...check.script.map((rule) => `  tcp-check ${rule}`)];
}

/** Parses HAProxy's stats CSV into each backend server's status (UP, DOWN, ...). */
export function serverStatuses(csv: string): Record<string, string> {
  const lines = csv.trim().split('\n');
  const header = (lines[0] ?? '').replace(/^# /, '').split(',');
  const col = (name: string) => header.indexOf(name);
  const statuses: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const f = line.split(',');
    if (f[col('pxname')] !== ROUTER_BACKEND) continue;
    const name = f[col('svname')] ?? '';
    if (name === 'FRONTEND' || name === 'BACKEND') continue;
    statuses[name] = f[col('status')] ?? 'unknown';
  }
  return statuses;
}
