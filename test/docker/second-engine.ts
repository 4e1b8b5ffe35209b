// Test helper: a second Docker engine on this machine (own socket, data root, exec root and
// pidfile; no bridge and no iptables rules, since gameday's multi-engine layout runs every
// part with host networking on loopback ports), with the kvstore image loaded into it.
import { mkdirSync, rmSync } from 'node:fs';
import { DockerEngine } from '../../src/docker/engine.js';
import { run, startDaemon } from '../../src/proc/run.js';
import { terminate } from '../../src/proc/signals.js';

export interface SecondEngine {
  /** DOCKER_HOST of the second engine. */
  host: string;
  stop(): Promise<void>;
}

const DATA_ROOT = '/var/lib/gameday-test-engine'; // kept: the loaded image is reused next time

export async function startSecondEngine(): Promise<SecondEngine | { skip: string }> {
  if (process.getuid?.() !== 0) return { skip: 'starting a second dockerd needs root' };
  const exec = `/run/gameday-test-engine-${process.pid}`;
  mkdirSync(exec, { recursive: true });
  mkdirSync(DATA_ROOT, { recursive: true });
  const host = `unix://${exec}/docker.sock`;
  const pid = await startDaemon({
    command: 'dockerd',
    args: [
      `--host=${host}`,
      `--data-root=${DATA_ROOT}`,
      `--exec-root=${exec}`,
      `--pidfile=${exec}/dockerd.pid`,
      '--bridge=none',
      '--iptables=false',
      '--ip-masq=false',
    ],
    logFile: `${exec}/dockerd.log`,
  });
  const stop = async () => {
    await terminate(pid, 10_000);
    // dockerd leaves its default network namespace mounted in the exec root.
    await run('umount', [`${exec}/netns/default`], { timeoutMs: 5000 }).catch(() => undefined);
    rmSync(exec, { recursive: true, force: true });
  };
  const engine = new DockerEngine(host);
  for (let i = 0; i < 120 && !(await engine.available(500)); i++) {
    await new Promise((r) => setTimeout(r, 250));
  }
  if (!(await engine.available())) {
    await stop();
    return { skip: `the second dockerd did not answer on ${host} (log: ${exec}/dockerd.log)` };
  }
  const image = process.env.GAMEDAY_KVSTORE_IMAGE!;
  const load = `docker save ${image} | docker --host ${host} load`;
  const loaded = await run('bash', ['-o', 'pipefail', '-c', load], { timeoutMs: 120_000 });
  if (loaded.exitCode !== 0) {
    await stop();
    throw new Error(`could not load ${image} into the second engine: ${loaded.stderr}`);
  }
  return { host, stop };
}
