// The adapter over real sockets: a tiny in-process HTTP server on port 0 plays each way a
// store can answer (or not), and the outcome must say honestly what is known.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { kvstoreAdapter } from './kvstore-http.js';
import type { Target } from './target.js';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
const servers: http.Server[] = [];
const targets: Target[] = [];

afterEach(async () => {
  await Promise.all(targets.splice(0).map((target) => target.close()));
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(
  handler: Handler,
  timeoutMs = 300,
): Promise<{ target: Target; seen: http.IncomingMessage[] }> {
  const seen: http.IncomingMessage[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req);
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const target = await kvstoreAdapter.open(`http://127.0.0.1:${port}`, { timeoutMs });
  targets.push(target);
  return { target, seen };
}

const reply =
  (status: number, body?: unknown): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'x-gameday-region': 'us', 'content-type': 'application/json' });
    res.end(body === undefined ? '' : JSON.stringify(body));
  };

describe('kvstore adapter', () => {
  it('reads a value with its version and the answering region', async () => {
    const { target, seen } = await serve(reply(200, { value: 'us-1:4', version: 'v7' }));
    expect(await target.read('k 1')).toEqual({
      type: 'ok',
      value: 'us-1:4',
      version: 'v7',
      region: 'us',
    });
    expect(seen[0]!.url).toBe('/kv/k%201');
  });

  it('reads an absent key as ok null', async () => {
    const { target } = await serve(reply(404));
    expect(await target.read('k1')).toMatchObject({ type: 'ok', value: null });
  });

  it('sends compare-and-set as a PUT with if-version', async () => {
    const { target, seen } = await serve(reply(409, { error: 'version mismatch' }));
    const outcome = await target.cas('k1', 'v7', 'us-1:5');
    expect(outcome).toMatchObject({ type: 'fail', region: 'us' });
    expect(outcome.error).toContain('409');
    expect(seen[0]!.method).toBe('PUT');
    expect(seen[0]!.headers['if-version']).toBe('v7');
  });

  it('calls a 504 unknown, a 503 refused', async () => {
    expect((await (await serve(reply(504))).target.write('k', 1)).type).toBe('info');
    expect((await (await serve(reply(503))).target.write('k', 1)).type).toBe('fail');
  });

  it('calls a connection reset after sending unknown, never fail', async () => {
    const { target } = await serve((req) => req.socket.destroy());
    expect(await target.write('k1', 'v')).toMatchObject({ type: 'info' });
  });

  it('calls no answer within the timeout unknown', async () => {
    const { target } = await serve(() => undefined, 100);
    const started = performance.now();
    expect(await target.write('k1', 'v')).toMatchObject({ type: 'info' });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('calls a refused connection fail: nothing was sent', async () => {
    const { target } = await serve(reply(200));
    const closedPort = (servers[0]!.address() as AddressInfo).port;
    await new Promise((resolve) => servers.splice(0)[0]!.close(resolve));
    const fresh = await kvstoreAdapter.open(`http://127.0.0.1:${closedPort}`, { timeoutMs: 500 });
    targets.push(fresh, target);
    expect(await fresh.write('k1', 'v')).toMatchObject({ type: 'fail', error: 'ECONNREFUSED' });
  });

  it('returns dump keys and the digest', async () => {
    const { target } = await serve((req, res) => {
      const body =
        req.url === '/dump' ? { region: 'us', keys: { k1: 'a' } } : { digest: 'abc', keys: 1 };
      reply(200, body)(req, res);
    });
    expect(await target.dump()).toMatchObject({ type: 'ok', value: { k1: 'a' } });
    expect(await target.digest()).toMatchObject({ type: 'ok', value: 'abc' });
  });
});
