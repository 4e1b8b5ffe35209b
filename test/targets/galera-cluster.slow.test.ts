// A two-region Galera cluster started from the recipes (us bootstraps, eu joins by mysqldump
// SST): a write acknowledged in one region is read in the other through the mysql adapter.
import { afterAll, expect, it } from 'vitest';
import { mysqlAdapter } from '../../src/targets/mysql.js';
import { startGaleraCluster } from './galera-cluster.js';
import { Servers } from './servers.js';

const servers = new Servers();
afterAll(() => servers.stopAll());

it('replicates synchronously between the two regions', async () => {
  const cluster = await startGaleraCluster(servers);
  const open = (port: number) =>
    mysqlAdapter.open(`mysql://root@127.0.0.1:${port}/mysql`, { timeoutMs: 2000 });
  // One after the other: each open creates the kv table, DDL that Galera replicates in order.
  const us = await open(cluster.ports.us);
  const eu = await open(cluster.ports.eu);
  try {
    expect((await us.write('a', 'from-us')).type).toBe('ok');
    // Synchronous replication: certified before the ack, so eu has it already.
    expect(await eu.read('a')).toMatchObject({ type: 'ok', value: 'from-us' });
    expect((await eu.write('a', 'from-eu')).type).toBe('ok');
    expect((await us.read('a')).value).toBe('from-eu');
    expect((await us.digest()).value).toBe((await eu.digest()).value);
  } finally {
    await Promise.all([us.close(), eu.close()]);
  }
});
