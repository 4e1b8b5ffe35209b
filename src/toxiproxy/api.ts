// The one module over Toxiproxy's HTTP API: every call with a timeout and, when Toxiproxy
// refuses, the server's own words. Plain HTTP over node:http (no client library, no fetch),
// so a `gameday fault` reaches Toxiproxy without loading an HTTP engine first.
import { FaultError, TopologyError } from '../errors.js';
import { httpCall } from '../targets/http-call.js';

export type ToxicType = 'latency' | 'bandwidth' | 'slow_close' | 'timeout' | 'reset_peer';
export type Stream = 'upstream' | 'downstream';

export interface Toxic {
  name: string;
  type: ToxicType;
  stream: Stream;
  toxicity: number;
  attributes: Record<string, number>;
}

export interface Proxy {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
  toxics: Toxic[];
}

const TIMEOUT_MS = 2000;

export class ToxiproxyApi {
  constructor(readonly url: string) {}

  async version(): Promise<string> {
    const answer = await this.request('GET', '/version');
    const version = (answer as { version?: unknown } | undefined)?.version ?? answer;
    return String(version);
  }

  /** Whether Toxiproxy answers at all (readiness and liveness checks): never throws. */
  answers(): Promise<boolean> {
    return this.version().then(
      () => true,
      () => false,
    );
  }

  /** Removes every toxic and enables every proxy. */
  async reset(): Promise<void> {
    await this.request('POST', '/reset');
  }

  async createProxies(proxies: { name: string; listen: string; upstream: string }[]) {
    await this.request('POST', '/populate', proxies);
  }

  /** Every proxy with its toxics, by name. */
  async proxies(): Promise<Record<string, Proxy>> {
    return (await this.request('GET', '/proxies')) as Record<string, Proxy>;
  }

  async addToxic(proxy: string, toxic: Toxic): Promise<void> {
    await this.request('POST', `/proxies/${proxy}/toxics`, toxic);
  }

  /** Removes a toxic; one that is already gone is not an error (heal is idempotent). */
  async removeToxic(proxy: string, name: string): Promise<void> {
    await this.request('DELETE', `/proxies/${proxy}/toxics/${name}`, undefined, [404]);
  }

  async setEnabled(proxy: string, enabled: boolean): Promise<void> {
    await this.request('POST', `/proxies/${proxy}`, { enabled });
  }

  private async request(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
    okStatuses: number[] = [],
  ) {
    const what = `${method} ${this.url}${path}`;
    const res = await httpCall({
      method,
      url: this.url + path,
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs: TIMEOUT_MS,
    });
    if (res.kind === 'no-answer') throw unreachable(what, res.error);
    const ok = res.status >= 200 && res.status < 300;
    if (!ok && !okStatuses.includes(res.status)) {
      throw new FaultError(`Toxiproxy refused ${what}: ${res.status} ${serverError(res.body)}`);
    }
    return parseBody(res.body);
  }
}

/** JSON, or the text itself (GET /version answers a bare version on older servers). */
function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function serverError(text: string): string {
  try {
    return (JSON.parse(text) as { error?: string }).error ?? text;
  } catch {
    return text;
  }
}

function unreachable(what: string, error: string): TopologyError {
  return new TopologyError(
    `Toxiproxy did not answer ${what}: ${error}`,
    'check `gameday status`; if Toxiproxy is gone, run `gameday down` then `gameday up`',
  );
}
