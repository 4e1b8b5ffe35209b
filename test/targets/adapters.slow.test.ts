// The Redis and MySQL adapters against real servers: the same calls, the same honest outcomes.
// A stopped server (SIGSTOP) leaves a write unanswered: `info`. A dead one refuses: `fail`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signal } from '../../src/proc/signals.js';
import { mysqlAdapter } from '../../src/targets/mysql.js';
import { redisAdapter } from '../../src/targets/redis.js';
import type { TargetAdapter, Target } from '../../src/targets/target.js';
import { firstWrite, Servers } from './servers.js';

const servers = new Servers();
afterAll(() => servers.stopAll());

describe.each([
  ['redis', redisAdapter, async () => `redis://127.0.0.1:${(await servers.redis()).port}`],
  [
    'mysql (galera node)',
    mysqlAdapter,
    async () => `mysql://root@127.0.0.1:${(await servers.galera()).port}/mysql`,
  ],
] as [string, TargetAdapter, () => Promise<string>][])('%s adapter', (_name, adapter, start) => {
  let target: Target;
  let url: string;
  beforeAll(async () => {
    url = await start();
    target = await adapter.open(url, { timeoutMs: 1000 });
  });
  afterAll(() => target.close());

  it('reads what it wrote, absent as null, and CAS compares versions on the server', async () => {
    expect(await target.read('k1')).toMatchObject({ type: 'ok', value: null, version: null });
    expect((await target.cas('k1', null, 'a')).type).toBe('ok');
    expect((await target.cas('k1', null, 'b')).type).toBe('fail');
    const first = await target.read('k1');
    expect(first).toMatchObject({ type: 'ok', value: 'a' });
    expect((await target.write('k1', { n: 1 })).type).toBe('ok');
    // The version moved on with the write: the old token no longer matches (no ABA).
    expect(await target.cas('k1', first.version, 'c')).toMatchObject({
      type: 'fail',
      error: 'version mismatch',
    });
    const second = await target.read('k1');
    expect(second.value).toEqual({ n: 1 });
    expect((await target.cas('k1', second.version, 7)).type).toBe('ok');
    expect((await target.read('k1')).value).toBe(7);
  });

  it('dump lists every key; equal contents give equal digests', async () => {
    await target.write('k2', 'x');
    const dump = await target.dump();
    expect(dump.value).toEqual({ k1: 7, k2: 'x' });
    const before = await target.digest();
    expect((await target.digest()).value).toBe(before.value);
    await target.write('k2', 'y');
    expect((await target.digest()).value).not.toBe(before.value);
  });
});

describe('outcomes when the server stops answering', () => {
  it('redis: a write to a frozen server is info, to a dead one fail', async () => {
    const { port, pid } = await servers.redis();
    const target = await redisAdapter.open(`redis://127.0.0.1:${port}`, { timeoutMs: 300 });
    try {
      signal(pid, 'SIGSTOP');
      expect((await target.write('k', 1)).type).toBe('info');
      signal(pid, 'SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await target.write('k', 2)).type).toBe('fail');
    } finally {
      await target.close();
    }
  });

  it('redis: a replica refuses writes (READONLY) as fail', async () => {
    const primary = await servers.redis();
    const replica = await servers.redis({ replicaOf: `127.0.0.1:${primary.port}` });
    const target = await redisAdapter.open(`redis://127.0.0.1:${replica.port}`, {
      timeoutMs: 1000,
    });
    try {
      expect(await target.write('k', 1)).toMatchObject({
        type: 'fail',
        error: expect.stringMatching(/^READONLY/),
      });
    } finally {
      await target.close();
    }
  });

  it('redis: min-replicas-to-write without a replica refuses writes (NOREPLICAS) as fail', async () => {
    const { port } = await servers.redis({ minReplicasToWrite: 1 });
    const target = await redisAdapter.open(`redis://127.0.0.1:${port}`, { timeoutMs: 1000 });
    try {
      expect(await target.write('k', 1)).toMatchObject({
        type: 'fail',
        error: expect.stringMatching(/^NOREPLICAS/),
      });
    } finally {
      await target.close();
    }
  });

  it('mysql: a write to a frozen server is info', async () => {
    const { port, pid } = await servers.galera();
    const target = await mysqlAdapter.open(`mysql://root@127.0.0.1:${port}/mysql`, {
      timeoutMs: 500,
    });
    try {
      expect((await firstWrite(() => target.write('k', 1))).type).toBe('ok');
      signal(pid, 'SIGSTOP');
      expect((await target.write('k', 2)).type).toBe('info');
    } finally {
      signal(pid, 'SIGCONT');
      await target.close();
    }
  });
});
