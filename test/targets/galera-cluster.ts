// A two-region Galera cluster for tests: one mariadbd per region, each on its own loopback
// address, fenced by iptables so that all group traffic goes through real Toxiproxy links
// (us_to_eu, eu_to_us): a partition is a disabled pair of proxies.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, startDaemon } from '../../src/proc/run.js';
import { fence, fenceRules, unfence } from '../../src/stores/galera-fence.js';
import { installArgs, mariadbdArgs } from '../../src/stores/recipes/galera.js';
import { ToxiproxyApi } from '../../src/toxiproxy/api.js';
import { freePorts } from '../../src/topology/ports.js';
import { Servers, waitGaleraReady, waitListening } from './servers.js';

export interface GaleraCluster {
  toxiproxy: ToxiproxyApi;
  ports: Record<'us' | 'eu', number>;
  /** The iptables comment of this cluster's fence: `unfence(project)` removes it. */
  project: string;
}

export async function startGaleraCluster(
  servers: Servers,
  providerOptions: string[] = [],
): Promise<GaleraCluster> {
  const [api, usToEu, euToUs, usPort, euPort] = (await freePorts(5)) as number[];
  const dir = servers.dir();
  const project = `gameday-test-${process.pid}-${Date.now().toString(36)}`;
  const toxiPid = await startDaemon({
    command: 'toxiproxy-server',
    args: ['-host', '127.0.0.1', '-port', String(api)],
    logFile: join(dir, 'toxiproxy.log'),
  });
  servers.pids.push(toxiPid);
  await waitListening(api!, 10_000);
  const toxiproxy = new ToxiproxyApi(`http://127.0.0.1:${api}`);
  const node = (region: 'us' | 'eu', last: number, port: number) => ({
    region,
    dataDir: servers.dir(),
    port,
    group: `127.0.0.${last}:${port}`,
    ist: `127.0.1.${last}:${port}`,
  });
  const us = node('us', 2, usPort!);
  const eu = node('eu', 3, euPort!);
  await fence(project, fenceRules({ us: us.group, eu: eu.group }));
  try {
    await startNodes();
  } catch (err) {
    // The caller never learns the project of a cluster that failed to start: unfence here.
    await unfence(project);
    throw err;
  }
  return { toxiproxy, ports: { us: us.port, eu: eu.port }, project };

  async function startNodes(): Promise<void> {
    await toxiproxy.createProxies([
      { name: 'us_to_eu', listen: `127.0.0.1:${usToEu}`, upstream: eu.group },
      { name: 'eu_to_us', listen: `127.0.0.1:${euToUs}`, upstream: us.group },
    ]);
    for (const n of [us, eu]) {
      await run('mariadb-install-db', installArgs(n.dataDir), { timeoutMs: 60_000 });
    }
    const start = async (n: typeof us, peer: number, bootstrap: boolean) => {
      const args = mariadbdArgs({ ...n, peers: [`127.0.0.1:${peer}`], bootstrap, providerOptions });
      servers.pids.push(
        await startDaemon({ command: 'mariadbd', args, logFile: join(n.dataDir, 'log') }),
      );
      await waitListening(n.port, 30_000).catch((err: Error) => {
        const log = readFileSync(join(n.dataDir, 'log'), 'utf8').split('\n').slice(-15).join('\n');
        throw new Error(`${n.region}: ${err.message}\n${log}`);
      });
      // A joiner listens before its state transfer is done: it takes writes once synced.
      await waitGaleraReady(n.port, 60_000);
    };
    // us dials eu through us_to_eu, and eu dials us through eu_to_us.
    await start(us, usToEu!, true);
    await start(eu, euToUs!, false);
  }
}
