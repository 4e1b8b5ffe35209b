// Durability: with fsync, every acknowledged write survives SIGKILL, and so does the outbox
// (a restarted node still delivers what it acknowledged while its peer was down).
import { afterEach, describe, expect, it } from 'vitest';
import { inParallel, kvGet, kvJson, kvPut, waitUntil } from './client.js';
import { stopAllKvstores } from './spawn.js';
import { twoRegions, type TwoRegions } from './twoRegions.js';

let regions: TwoRegions | undefined;
afterEach(async () => {
  await stopAllKvstores();
  regions?.cleanup();
});

describe('kvstore durability', () => {
  it('loses no acknowledged write when SIGKILLed mid-load (durability fsync)', async () => {
    regions = await twoRegions({ durability: 'fsync' });
    let us = await regions.start('us');
    const acked = new Map<string, number>();
    let killed = false;
    await inParallel(4000, 16, async (i) => {
      if (killed) return;
      const reply = await kvPut(us.url, `k${i}`, i).catch(() => undefined);
      if (reply?.status === 200) acked.set(`k${i}`, i);
      // Kill while the other clients' writes are still in flight.
      if (!killed && acked.size >= 2000) {
        killed = true;
        us.child.kill('SIGKILL');
      }
    });
    expect(await us.stop()).toBe('SIGKILL');
    us = await regions.start('us');
    expect(acked.size).toBeGreaterThanOrEqual(2000);
    for (const [key, value] of acked) {
      expect((await kvGet(us.url, key)).body.value).toBe(value);
    }
  });

  it('delivers its outbox after a restart: writes acked while the peer was down reach it', async () => {
    regions = await twoRegions({ antiEntropyMs: 3_600_000 }); // outbox only, no anti-entropy
    let us = await regions.start('us');
    const eu = await regions.start('eu');
    await eu.stop();
    await inParallel(500, 8, async (i) => {
      expect((await kvPut(us.url, `o${i}`, `us:${i}`)).status).toBe(200);
    });
    await us.stop('SIGKILL');
    const euAgain = await regions.start('eu');
    expect((await kvJson(euAgain.url, '/digest')).keys).toBe(0);
    us = await regions.start('us');
    await waitUntil(async () => (await kvJson(euAgain.url, '/digest')).keys === 500, 10_000);
    expect((await kvGet(euAgain.url, 'o499')).body.value).toBe('us:499');
    const [a, b] = [await kvJson(us.url, '/digest'), await kvJson(euAgain.url, '/digest')];
    expect(a.digest).toBe(b.digest);
  });
});
