// Security on the docker driver: after `gameday up --driver docker`, every published port is
// bound to 127.0.0.1 and every network but the edge one is internal. Skips only when no
// Docker engine can be started (see test/docker/docker-env.ts).
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/proc/run.js';
import { prepareDocker } from '../docker/docker-env.js';
import { cleanup, gameday, readState, tempRoot } from '../topology/helpers.js';

const docker = await prepareDocker();
if (docker.skip) console.warn(`docker port tests skipped: ${docker.skip}`);

const root = tempRoot();
afterAll(() => cleanup(root, []));

interface Inspected {
  Name: string;
  NetworkSettings: { Ports: Record<string, { HostIp: string; HostPort: string }[] | null> };
}

async function dockerJson<T>(args: string[]): Promise<T> {
  const r = await run('docker', args, { timeoutMs: 20_000 });
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
}

async function labelled(kind: 'ps' | 'network ls', project: string): Promise<string[]> {
  const args = [...kind.split(' '), '-q', '--filter', `label=gameday.project=${project}`];
  const r = await run('docker', args, { timeoutMs: 20_000 });
  return r.stdout.split('\n').filter(Boolean);
}

describe.skipIf(Boolean(docker.skip))('docker driver exposure', () => {
  it('publishes only on 127.0.0.1; region networks are internal', async () => {
    const up = await gameday(root, ['up', '--driver', 'docker'], 180_000);
    expect(up.exitCode, up.stderr).toBe(0);
    const project = readState(root).project;
    const containers = await dockerJson<Inspected[]>([
      'inspect',
      ...(await labelled('ps', project)),
    ]);
    const bindings = containers.flatMap((c) =>
      Object.entries(c.NetworkSettings.Ports).flatMap(([port, bound]) =>
        (bound ?? []).map((b) => ({ container: c.Name, port, hostIp: b.HostIp })),
      ),
    );
    expect(bindings.length).toBeGreaterThan(0);
    expect(bindings.filter((b) => b.hostIp !== '127.0.0.1')).toEqual([]);
    const networks = await dockerJson<{ Name: string; Internal: boolean }[]>([
      'network',
      'inspect',
      ...(await labelled('network ls', project)),
    ]);
    const open = networks.filter((n) => !n.Internal).map((n) => n.Name);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatch(/_edge$/);
  });
});
