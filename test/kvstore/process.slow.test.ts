// The process contract: bad flags exit 2 with a message, SIGTERM flushes and exits 0,
// every response names the region.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { kvGet, kvJson, kvPut } from './client.js';
import { KVSTORE_MAIN, spawnKvstore, stopAllKvstores } from './spawn.js';

const dataRoot = mkdtempSync(join(tmpdir(), 'kvstore-process-'));
afterEach(async () => {
  await stopAllKvstores();
  rmSync(dataRoot, { recursive: true, force: true });
});

describe('kvstore process', () => {
  it('exits 2 with a message on stderr for a bad flag', () => {
    const args = [KVSTORE_MAIN, '--region', 'us', '--port', '0', '--data-dir', dataRoot];
    const result = spawnSync(process.execPath, [...args, '--writes', 'maybe'], {
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--writes "maybe" is not one of async, sync/);
    expect(result.stdout).toBe('');
  });

  it('exits 2 when its port is taken', async () => {
    const first = await spawnKvstore({ region: 'us', dataDir: join(dataRoot, 'a') });
    const args = [
      '--region',
      'eu',
      '--port',
      String(first.port),
      '--data-dir',
      join(dataRoot, 'b'),
    ];
    const result = spawnSync(process.execPath, [KVSTORE_MAIN, ...args], {
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`port ${first.port} on 127.0.0.1 is in use`));
  });

  it('answers the client API with the region header, and SIGTERM keeps even unsynced writes', async () => {
    const dataDir = join(dataRoot, 'us');
    const us = await spawnKvstore({ region: 'us', dataDir, durability: 'none' });
    expect(await kvJson(us.url, '/health')).toEqual({ status: 'ok', region: 'us' });
    const missing = await kvGet(us.url, 'nope');
    expect([missing.status, missing.region, missing.body]).toEqual([
      404,
      'us',
      { error: 'not found' },
    ]);
    expect((await kvPut(us.url, 'a/b c', { nested: [1, 2] })).status).toBe(200);
    expect(await us.stop('SIGTERM')).toBe(0);
    const again = await spawnKvstore({ region: 'us', dataDir, durability: 'none' });
    expect((await kvGet(again.url, 'a/b c')).body.value).toEqual({ nested: [1, 2] });
    expect(await kvJson(again.url, '/dump')).toMatchObject({
      region: 'us',
      keys: { 'a/b c': { nested: [1, 2] } },
    });
  });
});
