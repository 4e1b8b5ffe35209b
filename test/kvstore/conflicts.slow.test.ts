// LWW and MV under concurrent writes, and compare-and-set, on real kvstore processes.
import { afterEach, describe, expect, it } from 'vitest';
import { compareHlc } from '../../fixtures/kvstore/conflict/lww.js';
import { inParallel, kvGet, kvJson, kvPut, waitUntil } from './client.js';
import { stopAllKvstores, type KvstoreProcess } from './spawn.js';
import { twoRegions, type TwoRegions } from './twoRegions.js';

let regions: TwoRegions | undefined;
afterEach(async () => {
  await stopAllKvstores();
  regions?.cleanup();
});

async function converged(a: KvstoreProcess, b: KvstoreProcess): Promise<boolean> {
  const [x, y] = await Promise.all([kvJson(a.url, '/digest'), kvJson(b.url, '/digest')]);
  return x.digest === y.digest;
}

/** us writes while eu is down, then eu writes while us is down: truly concurrent writes. */
async function concurrentWrites(conflict: 'lww' | 'mv') {
  regions = await twoRegions({ conflict, antiEntropyMs: 200 });
  let us = await regions.start('us');
  let eu = await regions.start('eu');
  await eu.stop();
  expect((await kvPut(us.url, 'k', 'us-1')).status).toBe(200);
  await us.stop();
  eu = await regions.start('eu');
  expect((await kvPut(eu.url, 'k', 'eu-1')).status).toBe(200);
  us = await regions.start('us');
  await waitUntil(() => converged(us, eu), 10_000);
  return { us, eu };
}

describe('kvstore conflict rules', () => {
  it('lww keeps the write with the highest version under concurrent writes from both regions', async () => {
    regions = await twoRegions({ conflict: 'lww' });
    const [us, eu] = await Promise.all([regions.start('us'), regions.start('eu')]);
    const acked = new Map<string, { value: string; version: string }>();
    await inParallel(400, 16, async (i) => {
      const [node, key, value] = [i % 2 ? us : eu, `k${i % 5}`, `w${i}`];
      const reply = await kvPut(node.url, key, value);
      expect(reply.status).toBe(200);
      const best = acked.get(key);
      const version = reply.body.version as string;
      if (!best || compareHlc(version, best.version) > 0) acked.set(key, { value, version });
    });
    await waitUntil(() => converged(us, eu), 10_000);
    for (const [key, best] of acked) {
      for (const node of [us, eu]) {
        const read = await kvGet(node.url, key);
        expect(read.body).toEqual({ value: best.value, version: best.version });
      }
    }
  });

  it('mv converges under concurrent writes from both regions, keeping only acknowledged values', async () => {
    regions = await twoRegions({ conflict: 'mv', antiEntropyMs: 200 });
    const [us, eu] = await Promise.all([regions.start('us'), regions.start('eu')]);
    const acked = new Set<string>();
    await inParallel(400, 16, async (i) => {
      const value = `w${i}`;
      if ((await kvPut(i % 2 ? us.url : eu.url, `k${i % 5}`, value)).status === 200)
        acked.add(value);
    });
    await waitUntil(() => converged(us, eu), 10_000);
    const dump = await kvJson(us.url, '/dump');
    expect(await kvJson(eu.url, '/dump')).toEqual({ ...dump, region: 'eu' });
    const siblings = dump.siblings as Record<string, string[]>;
    for (const [key, value] of Object.entries(dump.keys as Record<string, string>)) {
      for (const kept of siblings[key] ?? [value]) expect(acked.has(kept)).toBe(true);
    }
  });

  it('lww silently drops the older of two concurrent writes', async () => {
    const { us, eu } = await concurrentWrites('lww');
    for (const node of [us, eu]) expect((await kvGet(node.url, 'k')).body.value).toBe('eu-1');
  });

  it('mv keeps concurrent writes as siblings, and a CAS on the version resolves them', async () => {
    const { us, eu } = await concurrentWrites('mv');
    const read = await kvGet(us.url, 'k');
    expect([...(read.body.siblings as string[])].sort()).toEqual(['eu-1', 'us-1']);
    expect((await kvGet(eu.url, 'k')).body).toEqual(read.body);
    const metrics = await (await fetch(`${us.url}/metrics`)).text();
    expect(metrics).toMatch(/kvstore_conflicts_total\{region="us"\} [1-9]/);
    const resolved = await kvPut(us.url, 'k', 'merged', read.body.version as string);
    expect(resolved.status).toBe(200);
    await waitUntil(async () => (await kvGet(eu.url, 'k')).body.value === 'merged', 10_000);
    expect((await kvGet(eu.url, 'k')).body.siblings).toBeUndefined();
  });

  it('compare-and-set answers 409 with the current version on mismatch and 200 on match', async () => {
    regions = await twoRegions({});
    const us = await regions.start('us');
    expect((await kvPut(us.url, 'c', 1, 'none')).status).toBe(200);
    const second = await kvPut(us.url, 'c', 2, 'none');
    expect(second.status).toBe(409);
    const current = (await kvGet(us.url, 'c')).body.version as string;
    expect(second.body.version).toBe(current);
    expect((await kvPut(us.url, 'c', 3, 'stale-version')).status).toBe(409);
    const ok = await kvPut(us.url, 'c', 4, current);
    expect(ok.status).toBe(200);
    expect(ok.region).toBe('us');
    expect((await kvPut(us.url, 'c', 5, current)).status).toBe(409);
    expect((await kvGet(us.url, 'c')).body.value).toBe(4);
  });
});
