// writes: sync — the peer applies the write before the writer acks it; a peer that cannot be
// reached makes the write fail with 503 and the write is applied nowhere.
import { afterEach, describe, expect, it } from 'vitest';
import { kvGet, kvJson, kvPut } from './client.js';
import { stopAllKvstores } from './spawn.js';
import { twoRegions, type TwoRegions } from './twoRegions.js';

let regions: TwoRegions | undefined;
afterEach(async () => {
  await stopAllKvstores();
  regions?.cleanup();
});

describe('kvstore sync writes', () => {
  it('applies the write on the peer before acknowledging it', async () => {
    regions = await twoRegions({ writes: 'sync', antiEntropyMs: 3_600_000 });
    const [us, eu] = await Promise.all([regions.start('us'), regions.start('eu')]);
    for (let i = 0; i < 20; i++) {
      expect((await kvPut(us.url, `s${i}`, i)).status).toBe(200);
      // No waiting: the value must already be at the peer when the writer answered.
      expect((await kvGet(eu.url, `s${i}`)).body.value).toBe(i);
    }
  });

  it('answers 503 applied:false when the peer refuses connections, and applies nothing', async () => {
    regions = await twoRegions({ writes: 'sync', antiEntropyMs: 3_600_000 });
    const us = await regions.start('us'); // eu is not running: its port refuses
    const refused = await kvPut(us.url, 'x', 'never');
    expect(refused.status).toBe(503);
    expect(refused.body.applied).toBe(false);
    expect(refused.body.error).toMatch(/cannot replicate to eu/);
    expect((await kvGet(us.url, 'x')).status).toBe(404);
    // Later writes fail fast too, and a peer started afterwards never sees them.
    expect((await kvPut(us.url, 'y', 'never')).status).toBe(503);
    const eu = await regions.start('eu');
    expect((await kvJson(eu.url, '/digest')).keys).toBe(0);
    expect((await kvJson(us.url, '/digest')).keys).toBe(0);
  });
});
