// Real Redis and MariaDB (Galera) servers for the adapter tests: free ports, temp data dirs,
// bounded waits, and a list of pids the test kills afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Socket } from 'node:net';
import { run, startDaemon } from '../../src/proc/run.js';
import { signal, sleep, terminate } from '../../src/proc/signals.js';
import { galeraReady } from '../../src/stores/galera-probe.js';
import { installArgs, mariadbdArgs, type GaleraNode } from '../../src/stores/recipes/galera.js';
import { redisServerArgs, type RedisNode } from '../../src/stores/recipes/redis.js';
import type { Outcome } from '../../src/targets/target.js';
import { freePorts } from '../../src/topology/ports.js';

export class Servers {
  readonly pids: number[] = [];
  readonly dirs: string[] = [];

  dir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'gameday-target-'));
    this.dirs.push(dir);
    return dir;
  }

  async redis(node: Partial<RedisNode> = {}): Promise<{ port: number; pid: number }> {
    const [port] = await freePorts(1);
    const dataDir = this.dir();
    const args = redisServerArgs({
      port: port!,
      dataDir,
      minReplicasToWrite: 0,
      minReplicasMaxLagS: 10,
      ...node,
    });
    const pid = await startDaemon({ command: 'redis-server', args, logFile: join(dataDir, 'log') });
    this.pids.push(pid);
    await waitListening(port!, 10_000);
    return { port: port!, pid };
  }

  /** One bootstrapped Galera node, alone in its cluster. */
  async galera(
    extra: Partial<GaleraNode> = {},
  ): Promise<{ port: number; pid: number; dataDir: string }> {
    const [port, groupPort, istPort] = await freePorts(3);
    const dataDir = this.dir();
    const installed = await run('mariadb-install-db', installArgs(dataDir), { timeoutMs: 60_000 });
    if (installed.exitCode !== 0) throw new Error(`mariadb-install-db: ${installed.stderr}`);
    const node: GaleraNode = {
      region: 'us',
      dataDir,
      port: port!,
      group: `127.0.0.1:${groupPort}`,
      ist: `127.0.0.1:${istPort}`,
      peers: [],
      bootstrap: true,
      providerOptions: [],
      ...extra,
    };
    const pid = await startDaemon({
      command: 'mariadbd',
      args: mariadbdArgs(node),
      logFile: join(dataDir, 'log'),
    });
    this.pids.push(pid);
    await waitListening(port!, 30_000);
    await waitGaleraReady(port!, 60_000);
    return { port: port!, pid, dataDir };
  }

  async stopAll(): Promise<void> {
    for (const pid of this.pids.splice(0)) {
      signal(pid, 'SIGCONT');
      await terminate(pid, 5000);
    }
    if (process.env.GAMEDAY_KEEP_TEST_DIRS) return; // to read the servers' logs after a failure
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

export async function waitListening(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await connects(port))) {
    if (Date.now() > deadline) throw new Error(`nothing listens on ${port} after ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** Listening is not ready: a Galera node takes writes once wsrep_ready is ON (bootstrapped,
 * or joined and synced). */
export async function waitGaleraReady(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await galeraReady(`mysql://127.0.0.1:${port}`))) {
    if (Date.now() > deadline)
      throw new Error(`wsrep_ready not ON on ${port} after ${timeoutMs} ms`);
    await sleep(200);
  }
}

/** The first write to a fresh server, retried until it is ok (bounded): on a loaded machine
 * the first answer can outlast a short client timeout (`info`) while the server warms up. */
export async function firstWrite(write: () => Promise<Outcome>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const outcome = await write();
    if (outcome.type === 'ok' || Date.now() > deadline) return outcome;
    await sleep(250);
  }
}

function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(500);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.connect(port, '127.0.0.1');
  });
}
