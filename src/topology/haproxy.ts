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
}

export const DEFAULT_ROUTER: RouterOptions = { interMs: 500, fall: 3, rise: 2, timeoutMs: 250 };

/**
 * `retries 0` and no `option redispatch`: HAProxy must not quietly resend a failed request to
 * the other region, or a dead region would look like a slow one and failover time would read 0.
 * A request in flight when a region dies fails, exactly as it would for a client without a router.
 */
export function haproxyConfig(cfg: RouterConfig): string {
  const o = cfg.options;
  const servers = cfg.servers.map(
    (s) =>
      `  server ${s.region} ${s.address} check inter ${o.interMs} fall ${o.fall} rise ${o.rise}`,
  );
  return [
    'global',
    '  maxconn 4096',
    '  nbthread 1',
    '',
    'defaults',
    '  mode http',
    '  timeout connect 1s',
    '  timeout client 30s',
    '  timeout server 30s',
    '  retries 0',
    '  no option redispatch',
    '',
    'frontend entry',
    `  bind ${cfg.bindHost ?? '127.0.0.1'}:${cfg.port}`,
    '  default_backend regions',
    '',
    'backend regions',
    '  balance roundrobin',
    `  option httpchk GET ${cfg.healthPath ?? '/health'}`,
    '  http-check expect status 200',
    `  timeout check ${o.timeoutMs}ms`,
    ...servers,
    '',
    'listen stats',
    `  bind ${cfg.bindHost ?? '127.0.0.1'}:${cfg.statsPort}`,
    '  stats enable',
    '  stats uri /',
    '',
  ].join('\n');
}

/** Parses HAProxy's stats CSV into each backend server's status (UP, DOWN, ...). */
export function serverStatuses(csv: string): Record<string, string> {
  const lines = csv.trim().split('\n');
  const header = (lines[0] ?? '').replace(/^# /, '').split(',');
  const col = (name: string) => header.indexOf(name);
  const statuses: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const f = line.split(',');
    if (f[col('pxname')] !== 'regions') continue;
    const name = f[col('svname')] ?? '';
    if (name === 'FRONTEND' || name === 'BACKEND') continue;
    statuses[name] = f[col('status')] ?? 'unknown';
  }
  return statuses;
}
