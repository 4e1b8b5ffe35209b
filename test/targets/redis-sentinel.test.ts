// The redis-sentinel store kind in memory: what it launches where, the Sentinels it plans, the
// router's TCP check, the scenario rules, and the PING readiness test over a real socket.
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { RedisSentinelSpec } from '../../src/model.js';
import { parseScenario, ScenarioError } from '../../src/scenario/index.js';
import { storeOf } from '../../src/stores/index.js';
import { parseReply, respPing } from '../../src/stores/resp-ping.js';
import { haproxyConfig } from '../../src/topology/haproxy.js';

const spec: RedisSentinelSpec = {
  kind: 'redis-sentinel',
  primary: 'us',
  downAfterMs: 2000,
  failoverTimeoutMs: 5000,
  minReplicasToWrite: 1,
  minReplicasMaxLagMs: 1500,
};
const ctx = (region: string, port: number, peer: string, link: number) => ({
  region,
  host: '127.0.0.1',
  port,
  dataDir: `/data/${region}`,
  peers: { [peer]: `http://127.0.0.1:${link}` },
});
const regions = { us: ctx('us', 7001, 'eu', 8001), eu: ctx('eu', 7002, 'us', 8002) };

describe('redis-sentinel launch', () => {
  const store = storeOf(spec);

  it('starts the primary alone and points the replica at the replication link toward it', () => {
    const primary = store.launch(regions.us).args.join(' ');
    const replica = store.launch(regions.eu).args.join(' ');
    expect(primary).not.toContain('--replicaof');
    expect(replica).toContain('--replicaof 127.0.0.1 8002');
    expect(replica).toContain('--port 7002');
    // Lag is whole seconds for Redis, rounded.
    expect(primary).toContain('--min-replicas-to-write 1 --min-replicas-max-lag 2');
    expect(store.launch(regions.us).healthUrl).toBeUndefined();
  });

  it('plans a Sentinel per region and a regionless witness, all watching the same address', async () => {
    let port = 9000;
    const sentinels = await store.companions({
      host: '127.0.0.1',
      regions,
      dataDir: (name) => `/data/${name}`,
      freePort: async () => port++,
    });
    expect(sentinels.map((s) => [s.name, s.region])).toEqual([
      ['sentinel-us', 'us'],
      ['sentinel-eu', 'eu'],
      ['sentinel-witness', undefined],
    ]);
    expect(new Set(sentinels.map((s) => s.port)).size).toBe(3);
    for (const s of sentinels) {
      const config = Object.values(s.files ?? {})[0]!;
      expect(config).toContain('sentinel monitor gameday 127.0.0.1 8002 2');
      expect(config).toContain(`port ${s.port}`);
      expect(config).toContain('sentinel down-after-milliseconds gameday 2000');
    }
  });

  it('has HAProxy follow role:master in TCP mode and cut sessions of a demoted primary', () => {
    const config = haproxyConfig({
      port: 1,
      statsPort: 2,
      servers: [{ region: 'us', address: '127.0.0.1:3' }],
      options: { interMs: 500, fall: 2, rise: 2, timeoutMs: 250 },
      check: store.routerCheck,
    });
    expect(config).toContain('  mode tcp');
    expect(config).toContain('  tcp-check expect string role:master');
    expect(config).toContain('on-marked-down shutdown-sessions');
    expect(config).not.toContain('httpchk');
    expect(config).toMatch(/listen stats\n.*\n {2}mode http/);
  });
});

describe('redis-sentinel scenario rules', () => {
  const parse = (store: string) =>
    parseScenario(`name: r\nduration: 10s\ntopology:\n  store: ${store}\n`, 'r.yaml');

  it('fills the defaults', () => {
    expect(parse('{ kind: redis-sentinel }').topology.store).toEqual({
      kind: 'redis-sentinel',
      primary: 'us',
      downAfterMs: 2000,
      failoverTimeoutMs: 5000,
      minReplicasToWrite: 0,
      minReplicasMaxLagMs: 10_000,
    });
  });

  it.each([
    ['{ kind: redis-sentinel, primary: ap }', /no region `ap`/],
    ['{ kind: redis-sentinel, minReplicasToWrite: 2 }', /can never be in reach/],
    ['{ kind: kvstore, downAfter: 2s }', /applies to kind redis-sentinel only/],
    ['{ kind: redis-sentinel, health: /h }', /applies to kind command only/],
  ])('refuses %s', (store, message) => {
    expect(() => parse(store)).toThrow(ScenarioError);
    expect(() => parse(store)).toThrow(message);
  });
});

describe('respPing', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  async function fakeServer(reply: string): Promise<string> {
    server = createServer((socket) => socket.once('data', () => socket.end(reply)));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const address = server.address() as { port: number };
    return `http://127.0.0.1:${address.port}`;
  }

  it('is true on +PONG and false on an error reply or no server', async () => {
    expect(await respPing(await fakeServer('+PONG\r\n'))).toBe(true);
    server!.close();
    const loading = await fakeServer('-LOADING Redis is loading\r\n');
    expect(await respPing(loading)).toBe(false);
    server!.close();
    server = undefined;
    expect(await respPing(loading, 200)).toBe(false);
  });
});

describe('RESP replies', () => {
  const parse = (text: string) => parseReply(Buffer.from(text, 'latin1'), 0);
  it('parses nested arrays of bulk strings (SENTINEL REPLICAS), nil, integers and errors', () => {
    const replicas =
      '*1\r\n*4\r\n$4\r\nname\r\n$14\r\n127.0.0.1:6380\r\n$5\r\nflags\r\n$5\r\nslave\r\n';
    expect(parse(replicas)?.reply).toEqual([['name', '127.0.0.1:6380', 'flags', 'slave']]);
    expect(parse('$-1\r\n')?.reply).toBeNull();
    expect(parse(':42\r\n')?.reply).toBe(42);
    expect(parse('-ERR No such master\r\n')?.reply).toEqual(new Error('ERR No such master'));
  });

  it('waits for a reply cut anywhere, then ends exactly where it does', () => {
    const text = '*2\r\n$5\r\nhello\r\n*1\r\n+OK\r\n';
    for (let cut = 0; cut < text.length; cut++) expect(parse(text.slice(0, cut))).toBeUndefined();
    expect(parse(`${text}+NEXT\r\n`)).toEqual({ reply: ['hello', ['OK']], end: text.length });
  });
});
