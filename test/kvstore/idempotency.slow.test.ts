// Idempotency keys in the real store: a repeated key answers the first answer without applying
// again, in the region that applied it, in the other region once replicated (async and sync),
// and after a SIGKILL and restart (durability fsync). Without a key the repeat applies.
import { afterEach, describe, expect, it } from 'vitest';
import { kvGet, kvPut, waitUntil } from './client.js';
import { stopAllKvstores } from './spawn.js';
import { twoRegions, type TwoRegions } from './twoRegions.js';

let regions: TwoRegions | undefined;
afterEach(async () => {
  await stopAllKvstores();
  regions?.cleanup();
});

const key = (k: string) => ({ 'idempotency-key': k });

describe('kvstore idempotency keys', () => {
  it('applies a repeated key once, here, across regions and after a restart', async () => {
    regions = await twoRegions({ durability: 'fsync' });
    let us = await regions.start('us');
    const eu = await regions.start('eu');

    const first = await kvPut(us.url, 'a', 10, undefined, key('K1'));
    expect(first.status).toBe(200);
    // The retry of a read-modify-write carries another version and value: still not applied.
    const again = await kvPut(us.url, 'a', 9, String(first.body.version), key('K1'));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ value: 10, version: first.body.version, replayed: true });
    expect((await kvGet(us.url, 'a')).body.value).toBe(10);

    // Replicated with the write: eu answers the first answer once it has the write.
    await waitUntil(async () => (await kvGet(eu.url, 'a')).body.value === 10, 10_000);
    const onEu = await kvPut(eu.url, 'a', 8, undefined, key('K1'));
    expect(onEu.body).toMatchObject({ value: 10, replayed: true, appliedBy: 'us' });
    expect((await kvGet(eu.url, 'a')).body.value).toBe(10);

    // Without a key (or with another one) the same request applies.
    expect((await kvPut(us.url, 'a', 7)).body.value).toBe(7);
    expect((await kvPut(us.url, 'a', 6, undefined, key('K2'))).body).not.toHaveProperty('replayed');

    await us.stop('SIGKILL');
    us = await regions.start('us');
    const afterRestart = await kvPut(us.url, 'a', 5, undefined, key('K1'));
    expect(afterRestart.body).toMatchObject({ value: 10, replayed: true });
    expect((await kvGet(us.url, 'a')).body.value).toBe(6);
  });

  it('sync writes carry the key to the peer before answering', async () => {
    regions = await twoRegions({ writes: 'sync' });
    const us = await regions.start('us');
    const eu = await regions.start('eu');
    expect((await kvPut(us.url, 's', 1, undefined, key('S1'))).status).toBe(200);
    expect((await kvPut(eu.url, 's', 2, undefined, key('S1'))).body).toMatchObject({
      value: 1,
      replayed: true,
    });
    expect((await kvGet(eu.url, 's')).body.value).toBe(1);
  });
});
