// Redis with Sentinel and MariaDB Galera on Docker: one short scenario per store, a replication
// partition and then a region kill, run through the real CLI on both drivers. The SLO verdicts
// must be the same, the docker run must have run its parts in containers (the local images
// built from this machine's binaries), and nothing labelled may be left. Targets sit far from
// what either driver measures, so a verdict differs only when the drivers behave differently.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { DockerEngine } from '../../src/docker/engine.js';
import * as h from '../topology/helpers.js';
import { prepareDocker } from './docker-env.js';

const docker = await prepareDocker();
if (docker.skip) console.warn(`docker store parity skipped: ${docker.skip}`);
const roots: string[] = [];
const BIN = fileURLToPath(new URL('../../bin/gameday.js', import.meta.url));

/** Cut replication 1-6 s, kill a region 11-16 s: the cut has healed and converged by then. */
const STORES = {
  'redis-sentinel': {
    store:
      '{ kind: redis-sentinel, primary: us, downAfter: 1s, failoverTimeout: 5s, minReplicasToWrite: 0 }',
    // After the cut Sentinel has demoted us: killing it kills a replica that restarts empty.
    kill: 'us',
    settle: '25s',
    // Two primaries during the cut (~350 pairs), stale reads on eu (~25 %).
    slo: "{ split_brain_writes: 0, stale_read_rate: '< 1%', divergence: 0, availability: '>= 90%', convergence_time: '< 60s' }",
    image: 'GAMEDAY_REDIS_IMAGE',
  },
  galera: {
    store: '{ kind: galera, ignoreSplitBrain: false, arbitrator: false }',
    kill: 'eu',
    settle: '20s',
    // Two nodes, no quorum on either side of the cut or while one is dead (~35 % available).
    slo: "{ split_brain_writes: 0, lost_writes: 0, divergence: 0, availability: '>= 99%', convergence_time: '< 60s' }",
    image: 'GAMEDAY_MARIADB_IMAGE',
  },
} as const;
type Kind = keyof typeof STORES;

function scenarioFile(dir: string, kind: Kind): string {
  const s = STORES[kind];
  const file = join(dir, `${kind}-parity.yaml`);
  const text = [
    `name: ${kind}-parity`,
    'description: replication cut, then a region kill',
    'duration: 18s',
    'warmup: 2s',
    `settle: ${s.settle}`,
    'topology:',
    `  store: ${s.store}`,
    '  router: { inter: 300ms, fall: 2, rise: 1, timeout: 200ms }',
    'workload: { kind: register, rate: 60, clients: 2, routerClients: 2, keys: 10 }',
    'steps:',
    '  - { id: cut, at: 1s, duration: 5s, fault: partition, regions: [us, eu], scope: replication }',
    `  - { id: kill, at: 11s, duration: 5s, fault: kill-region, region: ${s.kill} }`,
    `slo: ${s.slo}`,
    '',
  ].join('\n');
  writeFileSync(file, text);
  return file;
}

interface RunJson {
  verdict: string;
  report: { slos: { name: string; pass: boolean; measured: unknown }[] };
}

/** The run's result, and the images of the containers it started (seen while it ran). */
async function runOn(kind: Kind, driver: 'local' | 'docker') {
  const root = h.tempRoot();
  roots.push(root);
  const args = ['run', scenarioFile(root, kind), '--driver', driver, '--seed', '7', '--json'];
  // Galera's start-up and rejoin take longer than the helper's 60 s bound.
  const child = execa(process.execPath, [BIN, ...args, '--out', join(root, 'run')], {
    reject: false,
    timeout: 180_000,
    env: { GAMEDAY_STATE_DIR: root, NO_COLOR: '1', CI: 'true' },
  });
  let project: string | undefined;
  const images = new Set<string>();
  const engine = new DockerEngine();
  const watch = setInterval(() => {
    project ??= h.readStateIfAny(root)?.project;
    if (driver === 'docker' && project)
      void engine.projectImages(project).then((seen) => seen.forEach((i) => images.add(i)));
  }, 500);
  const r = await child.finally(() => clearInterval(watch));
  expect([0, 1], String(r.stderr)).toContain(r.exitCode);
  const [result] = JSON.parse(String(r.stdout)) as RunJson[];
  return { result: result!, project, images };
}

const verdicts = (r: RunJson) => Object.fromEntries(r.report.slos.map((s) => [s.name, s.pass]));

describe.skipIf(Boolean(docker.skip))('redis-sentinel and galera on docker and on local', () => {
  afterAll(async () => {
    for (const root of roots) await h.cleanup(root, []);
  });

  for (const kind of Object.keys(STORES) as Kind[]) {
    it(`${kind}: a cut and a kill give the same verdicts on both drivers`, async () => {
      const onDocker = await runOn(kind, 'docker');
      const onLocal = await runOn(kind, 'local');
      expect(verdicts(onDocker.result)).toEqual(verdicts(onLocal.result));
      // Both outcomes occur, so the comparison can tell the drivers apart.
      expect(new Set(Object.values(verdicts(onLocal.result)))).toEqual(new Set([true, false]));
      // The store ran in its image, not on the host.
      expect([...onDocker.images]).toContain(process.env[STORES[kind].image]);
      expect(onDocker.project).toBeDefined();
      const left = await new DockerEngine().labelled(onDocker.project!);
      expect(left).toEqual({ containers: 0, networks: 0 });
    }, 300_000);
  }
});
