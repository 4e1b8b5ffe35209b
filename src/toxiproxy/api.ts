// The one module over Toxiproxy's API. toxiproxy-node-client creates proxies and resets;
// it cannot list a proxy's toxics, has no request timeout and drops the server's error text,
// so those calls go straight to the same HTTP API here, with a timeout and the server's words.
import { Toxiproxy } from 'toxiproxy-node-client';
import { FaultError, TopologyError } from '../errors.js';

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
  private readonly client: Toxiproxy;
  constructor(readonly url: string) {
    this.client = new Toxiproxy(url);
  }

  async version(): Promise<string> {
    return withTimeout(this.client.getVersion(), `GET ${this.url}/version`);
  }

  /** Removes every toxic and enables every proxy. */
  async reset(): Promise<void> {
    await withTimeout(this.client.reset(), `POST ${this.url}/reset`);
  }

  async createProxies(proxies: { name: string; listen: string; upstream: string }[]) {
    await withTimeout(this.client.populate(proxies), `POST ${this.url}/populate`);
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

  private async request(method: string, path: string, body?: unknown, okStatuses: number[] = []) {
    const what = `${method} ${this.url}${path}`;
    let res: Response;
    try {
      res = await fetch(this.url + path, {
        method,
        body: body === undefined ? undefined : JSON.stringify(body),
        headers: body === undefined ? undefined : { 'content-type': 'application/json' },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      throw unreachable(what, err);
    }
    const text = await res.text();
    if (!res.ok && !okStatuses.includes(res.status)) {
      throw new FaultError(`Toxiproxy refused ${what}: ${res.status} ${serverError(text)}`);
    }
    return text ? (JSON.parse(text) as unknown) : undefined;
  }
}

function serverError(text: string): string {
  try {
    return (JSON.parse(text) as { error?: string }).error ?? text;
  } catch {
    return text;
  }
}

function unreachable(what: string, err: unknown): TopologyError {
  const cause = (err as Error).name === 'TimeoutError' ? `no answer in ${TIMEOUT_MS} ms` : err;
  return new TopologyError(
    `Toxiproxy did not answer ${what}: ${String(cause)}`,
    'check `gameday status`; if Toxiproxy is gone, run `gameday down` then `gameday up`',
  );
}

async function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('TimeoutError')), TIMEOUT_MS);
  });
  try {
    return await Promise.race([promise, timeout]);
  } catch (err) {
    throw unreachable(what, err);
  } finally {
    clearTimeout(timer);
  }
}
