// Partitions through a real Toxiproxy: a healed partition converges by itself after thousands
// of writes on both sides; sync writes refuse honestly while the replication link is cut.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inParallel, kvGet, kvJson, kvPut, waitUntil } from './client.js';
import { freePort, spawnKvstore, stopAllKvstores, type KvstoreOptions } from './spawn.js';
import { startToxiproxy, type TestToxiproxy } from './toxiproxy.js';

let toxiproxy: TestToxiproxy | undefined;
let dataRoot: string | undefined;
afterEach(async () => {
  await stopAllKvstores();
  await toxiproxy?.stop();
  if (dataRoot) rmSync(dataRoot, { recursive: true, force: true });
});

type Extra = Omit<KvstoreOptions, 'region' | 'dataDir' | 'port' | 'peers'>;

/** us and eu whose replication goes through Toxiproxy links us-eu and eu-us. */
async function linkedRegions(extra: Extra) {
  toxiproxy = await startToxiproxy();
  dataRoot = mkdtempSync(join(tmpdir(), 'kvstore-partition-'));
  const ports = { us: await freePort(), eu: await freePort() };
  const links = {
    us: await toxiproxy.link('us-eu', ports.eu),
    eu: await toxiproxy.link('eu-us', ports.us),
  };
  const start = (region: 'us' | 'eu') =>
    spawnKvstore({
      ...extra,
      region,
      port: ports[region],
      dataDir: join(dataRoot as string, region),
      peers: { [region === 'us' ? 'eu' : 'us']: links[region] },
    });
  return { start, us: await start('us'), eu: await start('eu') };
}

async function digestsEqual(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([kvJson(a, '/digest'), kvJson(b, '/digest')]);
  return x.digest === y.digest;
}

describe('kvstore under partition (real Toxiproxy)', () => {
  it('converges without help after a long partition with thousands of writes', async () => {
    const { us, eu } = await linkedRegions({ antiEntropyMs: 300, syncTimeoutMs: 500 });
    await toxiproxy?.blackhole('us-eu');
    await toxiproxy?.blackhole('eu-us');
    await inParallel(6000, 16, async (i) => {
      const node = i % 2 ? us : eu;
      expect((await kvPut(node.url, `k${i % 2499}`, `${node.region}:${i}`)).status).toBe(200);
    });
    // Still partitioned: the two sides have split.
    expect(await digestsEqual(us.url, eu.url)).toBe(false);
    expect((await kvGet(eu.url, 'k1')).body.value).toMatch(/^eu:/);
    expect((await kvGet(us.url, 'k1')).body.value).toMatch(/^us:/);
    await toxiproxy?.heal('us-eu');
    await toxiproxy?.heal('eu-us');
    await waitUntil(() => digestsEqual(us.url, eu.url), 30_000);
    const [dumpUs, dumpEu] = [await kvJson(us.url, '/dump'), await kvJson(eu.url, '/dump')];
    expect(Object.keys(dumpUs.keys as object)).toHaveLength(2499);
    expect(dumpEu.keys).toEqual(dumpUs.keys);
  });

  it('a one-way partition lets only eu→us through, then converges', async () => {
    const { us, eu } = await linkedRegions({ antiEntropyMs: 200, conflict: 'mv' });
    await toxiproxy?.blackhole('us-eu');
    expect((await kvPut(us.url, 'from-us', 1)).status).toBe(200);
    expect((await kvPut(eu.url, 'from-eu', 2)).status).toBe(200);
    await waitUntil(async () => (await kvGet(us.url, 'from-eu')).status === 200, 10_000);
    // Several anti-entropy rounds later, us's write still has not flowed against the cut.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await kvGet(eu.url, 'from-us')).status).toBe(404);
    await toxiproxy?.heal('us-eu');
    await waitUntil(() => digestsEqual(us.url, eu.url), 15_000);
    expect((await kvGet(eu.url, 'from-us')).body.value).toBe(1);
  });

  it('anti-entropy alone repairs a region that lost its whole data directory', async () => {
    const { start, us, eu } = await linkedRegions({ antiEntropyMs: 200 });
    await inParallel(2000, 16, async (i) => {
      expect((await kvPut(us.url, `a${i}`, i)).status).toBe(200);
    });
    await waitUntil(() => digestsEqual(us.url, eu.url), 10_000);
    await eu.stop('SIGKILL');
    rmSync(join(dataRoot as string, 'eu'), { recursive: true, force: true });
    const fresh = await start('eu');
    expect((await kvJson(fresh.url, '/digest')).keys).toBe(0);
    await waitUntil(() => digestsEqual(us.url, fresh.url), 15_000);
    expect((await kvGet(fresh.url, 'a1999')).body.value).toBe(1999);
  });

  it('sync writes: 504 unknown while the link swallows requests, then 503 until healed', async () => {
    const { us, eu } = await linkedRegions({ writes: 'sync', syncTimeoutMs: 300 });
    await toxiproxy?.blackhole('us-eu');
    const first = await kvPut(us.url, 'p', 'maybe');
    expect(first.status).toBe(504);
    expect(first.body.applied).toBe('unknown');
    const next = await kvPut(us.url, 'q', 'never');
    expect(next.status).toBe(503);
    expect(next.body.applied).toBe(false);
    expect((await kvGet(us.url, 'q')).status).toBe(404);
    await toxiproxy?.heal('us-eu');
    await waitUntil(async () => (await kvPut(us.url, 'r', 'after')).status === 200, 10_000);
    expect((await kvGet(eu.url, 'r')).body.value).toBe('after');
    expect((await kvGet(eu.url, 'q')).status).toBe(404);
  });
});
