// What `gameday status` reports: each part's health as seen right now, faults in force and
// replication lag, gathered from the live topology (never from memory of what we did).
import { readLedger } from '../faults/ledger.js';
import type { FaultSpec } from '../faults/types.js';
import type { RegionName } from '../model.js';
import { httpCall } from '../targets/http-call.js';
import { ToxiproxyApi, type Proxy } from '../toxiproxy/api.js';
import type { RegionStatus, TopologyState } from './driver.js';
import { routerStatuses } from './router.js';
import { routingStates, type Routing } from './router-admin.js';
import { storeOf } from '../stores/index.js';
import { httpOk } from './health.js';
import { driverFor } from './index.js';
import { replicationLinkName } from './links.js';

export interface TopologyStatus {
  regions: Record<
    RegionName,
    {
      url: string;
      directUrl: string;
      healthy: boolean;
      process: RegionStatus;
      router: string;
      /** What the router does with it (`gameday route`); null when its admin socket is unknown. */
      routing: Routing | null;
    }
  >;
  router: { url: string; statsUrl?: string; healthy: boolean };
  toxiproxy: { url: string; healthy: boolean };
  /** deadline: when the watchdog heals the fault if nobody did before (ISO time). */
  faults: (FaultSpec & { appliedAt: string; deadline?: string })[];
  /** Per link, the toxics and enabled flag Toxiproxy really holds (faults outside the ledger too). */
  links: Record<string, { enabled: boolean; toxics: string[] }>;
  /** Per replication link (`us_to_eu`): the sender's oldest unacknowledged write age and queue. */
  replicationLag: Record<string, { lagMs: number; queue: number }>;
}

export async function topologyStatus(root: string, state: TopologyState): Promise<TopologyStatus> {
  const driver = driverFor(root, state.driver, state);
  const toxiproxy = new ToxiproxyApi(state.toxiproxy.url);
  const store = storeOf(state.spec.store);
  // A store with its own readiness test (Redis: PING) has no health URL to ask.
  const serves = (url: string, healthUrl?: string) =>
    store.ready && !healthUrl ? store.ready(url) : httpOk(healthUrl ?? `${url}/health`, 1000);
  const [proxies, routerView, routerHealthy, routing] = await Promise.all([
    toxiproxy.proxies().catch(() => undefined),
    state.router.statsUrl
      ? routerStatuses(state.router.statsUrl)
      : Promise.resolve({} as Record<string, string>),
    store.ready
      ? store.ready(state.router.url)
      : httpOk(`${state.router.url}${store.healthPath}`, 1000),
    state.router.adminSocket
      ? routingStates(state.router.adminSocket).catch(() => ({}) as Record<string, Routing>)
      : Promise.resolve({} as Record<string, Routing>),
  ]);
  const regions: TopologyStatus['regions'] = {};
  const replicationLag: TopologyStatus['replicationLag'] = {};
  await Promise.all(
    Object.values(state.regions).map(async (r) => {
      const [healthy, process, metrics] = await Promise.all([
        serves(r.directUrl, r.launch?.healthUrl),
        driver.status(r.name),
        // Only an HTTP store may have /metrics: Redis or a user's adapter store gets no HTTP.
        store.routerCheck.mode === 'http' ? fetchText(`${r.directUrl}/metrics`) : '',
      ]);
      regions[r.name] = {
        url: r.clientUrl,
        directUrl: r.directUrl,
        healthy,
        process,
        router: routerView[r.name] ?? 'unknown',
        routing: routing[r.name] ?? null,
      };
      Object.assign(replicationLag, lagByLink(r.name, metrics));
    }),
  );
  // Promise.all filled `regions` in answer order; report them in the topology's order.
  const ordered = Object.fromEntries(state.spec.regions.map((r) => [r, regions[r]!]));
  return {
    regions: ordered,
    router: { url: state.router.url, statsUrl: state.router.statsUrl, healthy: routerHealthy },
    toxiproxy: { url: state.toxiproxy.url, healthy: proxies !== undefined },
    faults: readLedger(root).map((e) => ({
      ...e.spec,
      appliedAt: e.appliedAt,
      ...(e.deadline ? { deadline: e.deadline } : {}),
    })),
    links: linkSummary(proxies),
    replicationLag,
  };
}

function linkSummary(proxies: Record<string, Proxy> | undefined): TopologyStatus['links'] {
  const links: TopologyStatus['links'] = {};
  for (const p of Object.values(proxies ?? {})) {
    links[p.name] = { enabled: p.enabled, toxics: p.toxics.map((t) => t.name) };
  }
  return links;
}

/** Reads kvstore_replication_lag_ms / _queue_length{region="us",peer="eu"} from /metrics. */
export function lagByLink(region: RegionName, metrics: string): TopologyStatus['replicationLag'] {
  const out: TopologyStatus['replicationLag'] = {};
  const sample =
    /^kvstore_replication_(lag_ms|queue_length)\{[^}]*peer="([^"]+)"[^}]*\}\s+([\d.eE+-]+)/;
  for (const line of metrics.split('\n')) {
    const m = sample.exec(line);
    if (!m) continue;
    const entry = (out[replicationLinkName(region, m[2]!)] ??= { lagMs: 0, queue: 0 });
    if (m[1] === 'lag_ms') entry.lagMs = Number(m[3]);
    else entry.queue = Number(m[3]);
  }
  return out;
}

async function fetchText(url: string): Promise<string> {
  const res = await httpCall({ method: 'GET', url, timeoutMs: 1000 }).catch(() => undefined);
  return res?.kind === 'answer' ? res.body : '';
}
