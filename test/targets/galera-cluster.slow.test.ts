// A two-region Galera cluster started from the recipes (us bootstraps, eu joins by mysqldump
// SST), fenced so its only paths are the Toxiproxy links: writes replicate synchronously, and
// with both links cut the nodes really are apart (each alone is half of the cluster, so with
// the default quorum both lose the primary component and refuse writes).
import { createConnection } from 'mysql2/promise';
import { afterAll, expect, it } from 'vitest';
import { sleep } from '../../src/proc/signals.js';
import { unfence } from '../../src/stores/galera-fence.js';
import { mysqlAdapter } from '../../src/targets/mysql.js';
import { startGaleraCluster, type GaleraCluster } from './galera-cluster.js';
import { firstWrite, Servers, waitGaleraReady } from './servers.js';

const servers = new Servers();
let cluster: GaleraCluster | undefined;
afterAll(async () => {
  await servers.stopAll();
  if (cluster) await unfence(cluster.project);
});

const open = (port: number) =>
  mysqlAdapter.open(`mysql://root@127.0.0.1:${port}/mysql`, { timeoutMs: 2000 });

async function status(port: number, name: string): Promise<string> {
  const conn = await createConnection({ uri: `mysql://root@127.0.0.1:${port}/mysql` });
  try {
    await conn.query('SET SESSION wsrep_sync_wait = 0'); // answers without a primary component
    const [rows] = await conn.query(`SHOW STATUS LIKE '${name}'`);
    return String((rows as { Value: string }[])[0]?.Value);
  } finally {
    await conn.end();
  }
}

async function setGlobal(port: number, name: string, value: number): Promise<void> {
  const conn = await createConnection({ uri: `mysql://root@127.0.0.1:${port}/mysql` });
  try {
    await conn.query(`SET GLOBAL ${name} = ${value}`);
  } finally {
    await conn.end();
  }
}

/** What eu holds for `key`, read even without a primary component (wsrep_dirty_reads). */
async function dirtyRead(port: number, key: string): Promise<string | undefined> {
  const conn = await createConnection({ uri: `mysql://root@127.0.0.1:${port}/mysql` });
  try {
    await conn.query('SET SESSION wsrep_dirty_reads = ON');
    await conn.query('SET SESSION wsrep_sync_wait = 0');
    const [rows] = await conn.query('SELECT CAST(v AS CHAR) AS v FROM kv WHERE k = ?', [key]);
    return (rows as { v: string }[])[0]?.v;
  } finally {
    await conn.end();
  }
}

async function until(what: string, test: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await sleep(250);
  }
}

it('replicates synchronously, and a cut of the links really partitions it', async () => {
  cluster = await startGaleraCluster(servers);
  // Causal reads: Galera certifies a write on every node before the ack but applies it on the
  // others a moment later; a read on the other node waits for that apply only with
  // wsrep_sync_wait (under load a read on eu right after us's ack missed it).
  for (const port of [cluster.ports.us, cluster.ports.eu])
    await setGlobal(port, 'wsrep_sync_wait', 1);
  // One after the other: each open creates the kv table, DDL that Galera replicates in order.
  const us = await open(cluster.ports.us);
  const eu = await open(cluster.ports.eu);
  try {
    expect((await firstWrite(() => us.write('a', 'from-us'))).type).toBe('ok');
    // Synchronous replication: certified before the ack; a causal read on eu sees it.
    expect(await eu.read('a')).toMatchObject({ type: 'ok', value: 'from-us' });
    expect((await eu.write('a', 'from-eu')).type).toBe('ok');
    expect((await us.read('a')).value).toBe('from-eu');
    expect((await us.digest()).value).toBe((await eu.digest()).value);
    expect(await status(cluster.ports.us, 'wsrep_cluster_size')).toBe('2');

    for (const link of ['us_to_eu', 'eu_to_us']) await cluster.toxiproxy.setEnabled(link, false);
    const nonPrimary = async () =>
      (await status(cluster!.ports.us, 'wsrep_cluster_status')) === 'non-Primary' &&
      (await status(cluster!.ports.eu, 'wsrep_cluster_status')) === 'non-Primary';
    await until('both nodes non-Primary', nonPrimary, 20_000);
    const refused = await us.write('b', 'us-during-cut');
    expect(refused.type, JSON.stringify(refused)).toBe('fail');
    expect((await eu.write('b', 'eu-during-cut')).type).toBe('fail');
    expect(await dirtyRead(cluster.ports.eu, 'a')).toBe('"from-eu"');
    expect(await dirtyRead(cluster.ports.eu, 'b')).toBeUndefined();

    for (const link of ['us_to_eu', 'eu_to_us']) await cluster.toxiproxy.setEnabled(link, true);
    const primaryAgain = async () =>
      (await status(cluster!.ports.us, 'wsrep_cluster_status')) === 'Primary';
    await until('the primary component restored', primaryAgain, 30_000);
    // eu rejoins that component and syncs before it can serve what us writes next.
    await waitGaleraReady(cluster.ports.eu, 30_000);
    await until(
      'us takes writes',
      async () => (await us.write('c', 'healed')).type === 'ok',
      10_000,
    );
    expect(await eu.read('c')).toMatchObject({ type: 'ok', value: 'healed' });
  } finally {
    await Promise.all([us.close(), eu.close()]);
  }
}, 120_000);
