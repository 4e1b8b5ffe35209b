// Test helper: two kvstore regions (us, eu) replicating straight to each other's port, with
// fixed ports so a region can be stopped and restarted on the same address and data dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnKvstore, type KvstoreOptions, type KvstoreProcess } from './spawn.js';

type Extra = Omit<KvstoreOptions, 'region' | 'dataDir' | 'port' | 'peers'>;

export interface TwoRegions {
  dataRoot: string;
  start(region: 'us' | 'eu'): Promise<KvstoreProcess>;
  cleanup(): void;
}

export async function twoRegions(extra: Extra): Promise<TwoRegions> {
  const dataRoot = mkdtempSync(join(tmpdir(), 'kvstore-test-'));
  const ports = { us: await freePort(), eu: await freePort() };
  const other = { us: 'eu', eu: 'us' } as const;
  return {
    dataRoot,
    start: (region) =>
      spawnKvstore({
        ...extra,
        region,
        port: ports[region],
        dataDir: join(dataRoot, region),
        peers: { [other[region]]: `http://127.0.0.1:${ports[other[region]]}` },
      }),
    cleanup: () => rmSync(dataRoot, { recursive: true, force: true }),
  };
}
