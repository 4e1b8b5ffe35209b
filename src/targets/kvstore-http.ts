// The bundled store's adapter (fixtures/kvstore, DESIGN.md section 4) over its HTTP API.
// Works the same against a region's client link and against the HAProxy router.
import http from 'node:http';
import { httpCall, type HttpCall } from './http-call.js';
import { parseDump } from './dump-contract.js';
import { outcomeOf } from './http-outcome.js';
import type {
  DumpOutcome,
  Outcome,
  Target,
  TargetAdapter,
  TargetOptions,
  WriteOptions,
} from './target.js';

// Idle keep-alive sockets are dropped before a server's idle timeout (Node's default is 5 s),
// so a request never lands on a socket the server is closing, which would read as `info`.
const IDLE_SOCKET_MS = 2_000;

class KvstoreTarget implements Target {
  private readonly agent = new http.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS });

  constructor(
    private readonly base: URL,
    private readonly options: TargetOptions,
  ) {}

  async read(key: string): Promise<Outcome> {
    return outcomeOf(await this.call({ method: 'GET', url: this.kvUrl(key) }), true);
  }

  async write(key: string, value: unknown, options?: WriteOptions): Promise<Outcome> {
    return outcomeOf(await this.put(key, value, keyHeader(options)));
  }

  async cas(
    key: string,
    expectedVersion: unknown,
    value: unknown,
    options?: WriteOptions,
  ): Promise<Outcome> {
    const headers = { 'if-version': versionHeader(expectedVersion), ...keyHeader(options) };
    return outcomeOf(await this.put(key, value, headers));
  }

  async dump(): Promise<DumpOutcome> {
    const url = new URL('/dump', this.base);
    const result = await this.call({ method: 'GET', url });
    if (result.kind === 'no-answer') return outcomeOf(result) as DumpOutcome;
    const outcome = outcomeOf({ ...result, body: '' });
    if (outcome.type !== 'ok') return outcomeOf(result) as DumpOutcome;
    const parsed = parseDump(result.body);
    if (typeof parsed === 'string') {
      return { type: 'fail', contract: `GET ${url.href} answered ${parsed}`, error: parsed };
    }
    // A key with concurrent values (mv) is reported as the list of its siblings, so the
    // final state shows that the store kept both sides instead of picking one.
    return { ...outcome, value: { ...parsed.keys, ...parsed.siblings } };
  }

  async digest(): Promise<Outcome> {
    const result = await this.call({ method: 'GET', url: new URL('/digest', this.base) });
    if (result.kind === 'answer' && result.status === 200) {
      const parsed = JSON.parse(result.body) as { digest?: unknown };
      return { ...outcomeOf({ ...result, body: '' }), value: parsed.digest };
    }
    return outcomeOf(result);
  }

  async close(): Promise<void> {
    this.agent.destroy();
  }

  private put(key: string, value: unknown, headers: Record<string, string> = {}) {
    const body = JSON.stringify({ value });
    return this.call({ method: 'PUT', url: this.kvUrl(key), headers, body });
  }

  private call(call: Pick<HttpCall, 'method' | 'url' | 'headers' | 'body'>) {
    return httpCall({ ...call, timeoutMs: this.options.timeoutMs, agent: this.agent });
  }

  private kvUrl(key: string): URL {
    return new URL(`/kv/${encodeURIComponent(key)}`, this.base);
  }
}

function keyHeader(options: WriteOptions | undefined): Record<string, string> {
  const key = options?.idempotencyKey;
  return key === undefined ? {} : { 'idempotency-key': key };
}

/** The store's CAS header: its version token as read; "none" expects the key to be absent. */
function versionHeader(version: unknown): string {
  if (version === null || version === undefined) return 'none';
  return typeof version === 'string' ? version : JSON.stringify(version);
}

export const kvstoreAdapter: TargetAdapter = {
  name: 'kvstore',
  async open(url, options) {
    return new KvstoreTarget(new URL(url), options);
  },
};
