// Test helper: real bundled-store nodes (dist/fixtures/kvstore/main.js), one per region, on
// free loopback ports, peered directly. Every node is killed by `stop()`; every wait is bounded.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const MAIN = resolve('dist/fixtures/kvstore/main.js');
const READY_MS = 10_000;

export interface StoreCluster {
  regions: Record<string, { clientUrl: string }>;
  signal(region: string, signal: NodeJS.Signals): void;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

export async function startStores(
  names: string[],
  extraArgs: string[] = [],
): Promise<StoreCluster> {
  const dataRoot = mkdtempSync(join(tmpdir(), 'gameday-workload-'));
  const ports = Object.fromEntries(
    await Promise.all(names.map(async (name) => [name, await freePort()] as const)),
  );
  const url = (name: string) => `http://127.0.0.1:${ports[name]}`;
  const children = new Map<string, ChildProcess>();
  for (const name of names) {
    const peers = names
      .filter((other) => other !== name)
      .flatMap((other) => ['--peer', `${other}=${url(other)}`]);
    const args = [
      MAIN,
      '--region',
      name,
      '--port',
      String(ports[name]),
      '--data-dir',
      join(dataRoot, name),
      ...peers,
      ...extraArgs,
    ];
    children.set(name, spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] }));
  }
  const cluster: StoreCluster = {
    regions: Object.fromEntries(names.map((name) => [name, { clientUrl: url(name) }])),
    signal: (region, signal) => children.get(region)?.kill(signal),
    async stop() {
      await Promise.all([...children.values()].map(killAndWait));
      rmSync(dataRoot, { recursive: true, force: true });
    },
  };
  try {
    await Promise.all(names.map((name) => waitHealthy(url(name))));
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}

async function waitHealthy(url: string): Promise<void> {
  const deadline = Date.now() + READY_MS;
  while (Date.now() < deadline) {
    const healthy = await fetch(`${url}/health`, { signal: AbortSignal.timeout(500) }).then(
      (res) => res.ok,
      () => false,
    );
    if (healthy) return;
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error(`kvstore at ${url} not healthy within ${READY_MS} ms`);
}

async function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGCONT');
  child.kill('SIGKILL');
  await Promise.race([exited, new Promise((done) => setTimeout(done, 5_000))]);
}
