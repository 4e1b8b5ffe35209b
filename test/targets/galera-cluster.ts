// A two-region Galera cluster for tests: one mariadbd per region, all group traffic through
// real Toxiproxy links (us_to_eu, eu_to_us), so a partition is a disabled pair of proxies.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, startDaemon } from '../../src/proc/run.js';
import { installArgs, mariadbdArgs } from '../../src/stores/recipes/galera.js';
import { ToxiproxyApi } from '../../src/toxiproxy/api.js';
import { freePorts } from '../../src/topology/ports.js';
import { Servers, waitListening } from './servers.js';

export interface GaleraCluster {
  toxiproxy: ToxiproxyApi;
  ports: Record<'us' | 'eu', number>;
}

export async function startGaleraCluster(
  servers: Servers,
  providerOptions: string[] = [],
): Promise<GaleraCluster> {
  const [api, usToEu, euToUs, ...p] = (await freePorts(11)) as number[];
  const dir = servers.dir();
  const toxiPid = await startDaemon({
    command: 'toxiproxy-server',
    args: ['-host', '127.0.0.1', '-port', String(api)],
    logFile: join(dir, 'toxiproxy.log'),
  });
  servers.pids.push(toxiPid);
  await waitListening(api!, 10_000);
  const toxiproxy = new ToxiproxyApi(`http://127.0.0.1:${api}`);
  const node = (region: 'us' | 'eu', i: number) => ({
    region,
    dataDir: servers.dir(),
    port: p[i * 4]!,
    groupPort: p[i * 4 + 1]!,
    istPort: p[i * 4 + 2]!,
  });
  const us = node('us', 0);
  const eu = node('eu', 1);
  await toxiproxy.createProxies([
    { name: 'us_to_eu', listen: `127.0.0.1:${usToEu}`, upstream: `127.0.0.1:${eu.groupPort}` },
    { name: 'eu_to_us', listen: `127.0.0.1:${euToUs}`, upstream: `127.0.0.1:${us.groupPort}` },
  ]);
  for (const n of [us, eu]) {
    await run('mariadb-install-db', installArgs(n.dataDir), { timeoutMs: 60_000 });
  }
  const start = async (n: typeof us, advertise: number, peer: number, bootstrap: boolean) => {
    const args = mariadbdArgs({
      ...n,
      advertise: `127.0.0.1:${advertise}`,
      peers: [`127.0.0.1:${peer}`],
      bootstrap,
      providerOptions,
    });
    servers.pids.push(
      await startDaemon({ command: 'mariadbd', args, logFile: join(n.dataDir, 'log') }),
    );
    await waitListening(n.port, 30_000).catch((err: Error) => {
      const log = readFileSync(join(n.dataDir, 'log'), 'utf8').split('\n').slice(-15).join('\n');
      throw new Error(`${n.region}: ${err.message}\n${log}`);
    });
  };
  // us is reached from eu through eu_to_us, and dials eu through us_to_eu; eu the other way.
  await start(us, euToUs!, usToEu!, true);
  await start(eu, usToEu!, euToUs!, false);
  return { toxiproxy, ports: { us: us.port, eu: eu.port } };
}
