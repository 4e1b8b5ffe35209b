// Write ownership through a real Toxiproxy: a write for a key another region owns travels to
// its home over the replication link; cut that link and the forwarded write is honestly a 504
// (sent, unanswered) or a 503 (never sent), while the home keeps taking its own writes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fnv1a } from '../../fixtures/kvstore/ownership.js';
import { kvGet, kvJson, kvPut } from './client.js';
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

/** us and eu; each region's link to the other goes through Toxiproxy (us-eu, eu-us). */
async function linked(extra: Extra) {
  toxiproxy = await startToxiproxy();
  dataRoot = mkdtempSync(join(tmpdir(), 'kvstore-ownership-'));
  const ports = { us: await freePort(), eu: await freePort() };
  const links = {
    us: await toxiproxy.link('us-eu', ports.eu),
    eu: await toxiproxy.link('eu-us', ports.us),
  };
  const start = (region: 'us' | 'eu') =>
    spawnKvstore({
      antiEntropyMs: 60_000, // replication by outbox only: a value on us right away is forwarded
      ...extra,
      region,
      port: ports[region],
      dataDir: join(dataRoot as string, region),
      peers: { [region === 'us' ? 'eu' : 'us']: links[region] },
    });
  return { us: await start('us'), eu: await start('eu') };
}

const forwardedCount = async (url: string) => {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/kvstore_forwarded_writes_total\{[^}]*\} (\d+)/.exec(text)?.[1]);
};

describe('kvstore write ownership (real Toxiproxy)', () => {
  it('single-writer: eu forwards to us and answers with the home version; CAS is judged at the home', async () => {
    const { us, eu } = await linked({ ownership: 'single-writer', home: 'us' });
    const put = await kvPut(eu.url, 'k1', 'from-eu');
    expect(put.status).toBe(200);
    expect(put.region).toBe('eu');
    expect(put.body.appliedBy).toBe('us'); // the split-brain check counts it on us's side
    // Applied at the home before eu answered.
    expect((await kvGet(us.url, 'k1')).body).toMatchObject({
      value: 'from-eu',
      version: put.body.version,
    });
    expect(await forwardedCount(eu.url)).toBe(1);
    expect(await forwardedCount(us.url)).toBe(0);
    expect((await kvPut(us.url, 'k1', 'from-us')).status).toBe(200);
    const stale = await kvPut(eu.url, 'k1', 'cas', String(put.body.version));
    expect(stale.status).toBe(409);
    expect((await kvGet(us.url, 'k1')).body.value).toBe('from-us');
  });

  it('single-writer with forward: false refuses the non-home side with 503, applied: false', async () => {
    const { us, eu } = await linked({ ownership: 'single-writer', home: 'us', forward: false });
    const put = await kvPut(eu.url, 'k1', 'from-eu');
    expect(put.status).toBe(503);
    expect(put.body).toMatchObject({ applied: false });
    expect(String(put.body.error)).toMatch(/belong to us.*forward: false/);
    expect((await kvGet(us.url, 'k1')).status).toBe(404);
    expect((await kvPut(us.url, 'k1', 'from-us')).status).toBe(200);
  });

  it('a blackholed link: the forwarded write times out as 504 unknown, then 503 while the link is down; the home still writes', async () => {
    const { us, eu } = await linked({ ownership: 'single-writer', home: 'us', syncTimeoutMs: 300 });
    await toxiproxy?.blackhole('eu-us');
    const first = await kvPut(eu.url, 'k1', 'cut-1');
    expect(first.status).toBe(504);
    expect(first.body).toMatchObject({ applied: 'unknown' });
    const second = await kvPut(eu.url, 'k1', 'cut-2');
    expect(second.status).toBe(503);
    expect(second.body).toMatchObject({ applied: false });
    expect((await kvPut(us.url, 'k2', 'home')).status).toBe(200);
    expect((await kvGet(us.url, 'k1')).status).toBe(404);
    await toxiproxy?.heal('eu-us');
    // The link's probe brings it back: forwarding works again.
    let healed = 0;
    for (let i = 0; i < 100 && healed !== 200; i += 1) {
      healed = (await kvPut(eu.url, 'k1', `healed-${i}`)).status;
      if (healed !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(healed).toBe(200);
  });

  it('a refused link (proxy disabled): the forwarded write is 503 applied: false at once', async () => {
    const { us, eu } = await linked({ ownership: 'single-writer', home: 'us' });
    await toxiproxy?.setEnabled('eu-us', false);
    const put = await kvPut(eu.url, 'k1', 'refused');
    expect(put.status).toBe(503);
    expect(put.body).toMatchObject({ applied: false });
    expect((await kvGet(us.url, 'k1')).status).toBe(404);
  });

  it("geo: each region takes its own keys during a cut and cannot take the other side's", async () => {
    const { us, eu } = await linked({ ownership: 'geo', syncTimeoutMs: 300 });
    expect((await kvPut(eu.url, 'us:a', 1)).status).toBe(200);
    expect((await kvGet(us.url, 'us:a')).body.value).toBe(1);
    const hashedHome = ['eu', 'us'][fnv1a('k7') % 2];
    const other = hashedHome === 'us' ? eu : us;
    expect((await kvPut(other.url, 'k7', 'hashed')).status).toBe(200);
    expect((await kvGet(hashedHome === 'us' ? us.url : eu.url, 'k7')).body.value).toBe('hashed');
    await toxiproxy?.blackhole('eu-us');
    await toxiproxy?.blackhole('us-eu');
    expect((await kvPut(eu.url, 'eu:b', 2)).status).toBe(200);
    expect((await kvPut(us.url, 'us:b', 3)).status).toBe(200);
    expect([503, 504]).toContain((await kvPut(eu.url, 'us:c', 4)).status);
    expect([503, 504]).toContain((await kvPut(us.url, 'eu:c', 5)).status);
    expect(await kvJson(us.url, '/dump')).toMatchObject({ keys: { 'us:b': 3 } });
  });
});
