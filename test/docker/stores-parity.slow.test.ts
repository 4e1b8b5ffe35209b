// Redis with Sentinel and MariaDB Galera on Docker: one short scenario per store, a replication
// partition and then a region kill (Galera: with eu's clock 5 s ahead through the cut, its
// node's NOW(6) read during and after on docker), run through the real CLI on both drivers at once, the
// docker run from the shipped compose/redis-sentinel.yml or compose/galera.yml (--compose).
// The SLO verdicts must be the same, the docker run must have run its parts in containers
// (the local images built from this machine's binaries), its containers' logs must be in the
// run directory, and nothing labelled may be left. Targets sit far from what either driver
// measures, so a verdict differs only when the drivers behave differently.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, it } from 'vitest';
import { DockerEngine } from '../../src/docker/engine.js';
import { expectClock } from '../clocks.js';
import * as h from '../topology/helpers.js';
import { prepareDocker } from './docker-env.js';

const docker = await prepareDocker();
if (docker.skip) console.warn(`docker store parity skipped: ${docker.skip}`);
const roots: string[] = [];
afterAll(h.removeTempRoots);

const BIN = fileURLToPath(new URL('../../bin/gameday.js', import.meta.url));
const COMPOSE = fileURLToPath(new URL('../../compose/', import.meta.url));

/** Cut replication 1-6 s, kill a region 9-13 s: the cut has healed and converged by then. */
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
    started: /Ready to accept connections/g,
  },
  galera: {
    store: '{ kind: galera, ignoreSplitBrain: false, arbitrator: false }',
    kill: 'eu',
    settle: '20s',
    // Two nodes, no quorum on either side of the cut or while one is dead (~35 % available).
    slo: "{ split_brain_writes: 0, lost_writes: 0, divergence: 0, availability: '>= 99%', convergence_time: '< 60s' }",
    image: 'GAMEDAY_MARIADB_IMAGE',
    started: /Starting MariaDB/g,
    // Through the cut: on docker, eu's mariadbd must show its clock 5 s ahead, then true.
    skew: '  - { id: skew, at: 1s, duration: 5s, fault: clock-skew, region: eu, ms: 5000 }',
  },
} as const;
type Kind = keyof typeof STORES;

function scenarioFile(dir: string, kind: Kind): string {
  const s = STORES[kind];
  const file = join(dir, `${kind}-parity.yaml`);
  const text = [
    `name: ${kind}-parity`,
    'description: replication cut, then a region kill',
    'duration: 14s',
    'warmup: 2s',
    `settle: ${s.settle}`,
    'topology:',
    `  store: ${s.store}`,
    '  router: { inter: 300ms, fall: 2, rise: 1, timeout: 200ms }',
    'workload: { kind: register, rate: 60, clients: 2, routerClients: 2, keys: 10 }',
    'steps:',
    '  - { id: cut, at: 1s, duration: 5s, fault: partition, regions: [us, eu], scope: replication }',
    `  - { id: kill, at: 9s, duration: 4s, fault: kill-region, region: ${s.kill} }`,
    ...('skew' in s ? [s.skew] : []),
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

/** A node's wall clock (UNIX_TIMESTAMP(NOW(6)), ms) with this process's true time before and
 * after; undefined while it does not answer. Dirty reads: during the cut neither node is
 * primary, and Galera refuses other statements then. */
async function galeraClock(root: string, region: string) {
  const url = h.readStateIfAny(root)?.regions[region]?.directUrl;
  if (url === undefined) return undefined;
  const sql = 'SET SESSION wsrep_dirty_reads=ON; SELECT UNIX_TIMESTAMP(NOW(6))';
  const before = Date.now();
  const port = new URL(url).port;
  const r = await execa('mariadb', ['-h', '127.0.0.1', '-P', port, '-N', '-e', sql], {
    reject: false,
    timeout: 5000,
  });
  if (r.exitCode !== 0) return undefined;
  return { before, after: Date.now(), wall: Number(String(r.stdout).trim()) * 1000 };
}
type Clock = NonNullable<Awaited<ReturnType<typeof galeraClock>>>;

/** Beside a run with the skew step: eu's and us's clocks while the clock file says +5.000,
 * then eu's once it says +0.000 again. */
async function watchClocks(root: string, ended: () => boolean) {
  const seen: { skewedEu?: Clock; trueUs?: Clock; healedEu?: Clock } = {};
  const text = (r: string) => {
    const file = join(root, '.gameday', 'clock', `${r}.rc`);
    return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
  };
  const pause = () => new Promise((done) => setTimeout(done, 100));
  while (!ended() && !(seen.skewedEu && seen.trueUs)) {
    if (text('eu') === '+5.000') {
      seen.skewedEu ??= await galeraClock(root, 'eu');
      seen.trueUs ??= await galeraClock(root, 'us');
    }
    await pause();
  }
  while (!ended() && seen.skewedEu && !seen.healedEu) {
    if (text('eu') === '+0.000') seen.healedEu = await galeraClock(root, 'eu');
    await pause();
  }
  return seen;
}

/** The run's result, and the images of the containers it started (seen while it ran). */
async function runOn(kind: Kind, driver: 'local' | 'docker') {
  const root = h.tempRoot();
  roots.push(root);
  const args = ['run', scenarioFile(root, kind), '--driver', driver, '--seed', '7', '--json'];
  if (driver === 'docker') args.push('--compose', join(COMPOSE, `${kind}.yml`));
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
  let ended = false;
  const clocks =
    driver === 'docker' && 'skew' in STORES[kind] ? watchClocks(root, () => ended) : undefined;
  const r = await child.finally(() => clearInterval(watch));
  ended = true;
  if (r.exitCode !== 0 && r.exitCode !== 1)
    throw new Error(`${kind} on ${driver}: exit ${r.exitCode}\n${String(r.stderr)}`);
  const [result] = JSON.parse(String(r.stdout)) as RunJson[];
  return {
    result: result!,
    project,
    images,
    logs: join(root, 'run', 'logs'),
    clocks: await clocks,
  };
}

const verdicts = (r: RunJson) => Object.fromEntries(r.report.slos.map((s) => [s.name, s.pass]));

// Concurrent: the four topologies (two stores, two drivers) run at once on their own ports;
// each test asserts with its own `expect`.
describe
  .skipIf(Boolean(docker.skip))
  .concurrent('redis-sentinel and galera on docker and on local', () => {
    afterAll(async () => {
      for (const root of roots) await h.cleanup(root, []);
    });

    for (const kind of Object.keys(STORES) as Kind[]) {
      it(`${kind}: compose/${kind}.yml on docker and the local driver give the same verdicts for a cut and a kill`, async ({
        expect,
      }) => {
        const [onDocker, onLocal] = await Promise.all([
          runOn(kind, 'docker'),
          runOn(kind, 'local'),
        ]);
        const measured = (r: RunJson) =>
          r.report.slos.map((s) => `${s.name} ${String(s.measured)}`);
        expect(
          verdicts(onDocker.result),
          JSON.stringify([onDocker, onLocal].map((r) => measured(r.result))),
        ).toEqual(verdicts(onLocal.result));
        // Both outcomes occur, so the comparison can tell the drivers apart.
        expect(new Set(Object.values(verdicts(onLocal.result)))).toEqual(new Set([true, false]));
        // The store ran in its image, not on the host.
        expect([...onDocker.images]).toContain(process.env[STORES[kind].image]);
        // Every store and companion log is in the run directory, as on local; the killed
        // region's holds both of its starts.
        expect(readdirSync(onDocker.logs).sort()).toEqual(readdirSync(onLocal.logs).sort());
        const killed = readFileSync(join(onDocker.logs, `store-${STORES[kind].kill}.log`), 'utf8');
        expect(killed.match(STORES[kind].started)).toHaveLength(2);
        expect(onDocker.project).toBeDefined();
        if ('skew' in STORES[kind]) {
          // The clock-skew step on docker: eu's node 5 s ahead, us's true; eu true after.
          const { skewedEu, trueUs, healedEu } = onDocker.clocks ?? {};
          expectClock(skewedEu, 5000, 'eu during the skew', 1);
          expectClock(trueUs, 0, 'us during the skew', 1);
          expectClock(healedEu, 0, 'eu after the heal', 1);
        }
        const left = await new DockerEngine().labelled(onDocker.project!);
        expect(left).toEqual({ containers: 0, networks: 0 });
      }, 300_000);
    }

    it('a copy of compose/redis-sentinel.yml that runs another store is exit 2, nothing started', async ({
      expect,
    }) => {
      const root = h.tempRoot();
      roots.push(root);
      const copy = join(root, 'redis.yml');
      copyFileSync(join(COMPOSE, 'redis-sentinel.yml'), copy);
      const scenario = scenarioFile(root, 'redis-sentinel');
      // minReplicasToWrite: 1 asks for a primary that refuses writes without a replica.
      writeFileSync(
        scenario,
        readFileSync(scenario, 'utf8').replace('minReplicasToWrite: 0', 'minReplicasToWrite: 1'),
      );
      const r = await h.gameday(root, ['run', scenario, '--driver', 'docker', '--compose', copy]);
      expect(r.exitCode, r.stderr).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`${copy}:\\d+: services\\.store-us\\.entrypoint`));
      expect(h.readStateIfAny(root)).toBeUndefined();
    });

    // Beside the long runs, so its wait costs no time: the old 10 s bound said "not found".
    it('a Compose CLI that takes 11 s to say its version is found, not reported missing', async ({
      expect,
    }) => {
      const root = h.tempRoot();
      roots.push(root);
      const bin = join(root, 'bin');
      mkdirSync(bin);
      const fake = join(bin, 'docker-compose');
      writeFileSync(fake, '#!/bin/sh\nsleep 11\necho 1.29.2-slow\n', { mode: 0o755 });
      const PATH = `${bin}:${process.env.PATH}`;
      const r = await h.gamedayEnv(root, ['doctor', '--json'], { PATH });
      const { checks } = JSON.parse(r.stdout) as { checks: { name: string; detail: string }[] };
      const compose = checks.find((c) => c.name === 'docker compose')!;
      // `docker compose` (the plugin) is asked first; this machine may have it.
      expect(compose.detail).toMatch(/^docker compose |^docker-compose 1\.29\.2-slow$/);
    });

    it('gameday doctor names each store image, present or missing, with the fix', async ({
      expect,
    }) => {
      const root = h.tempRoot();
      roots.push(root);
      const absent = 'gameday-local/absent:0';
      const r = await h.gamedayEnv(root, ['doctor', '--json'], { GAMEDAY_MARIADB_IMAGE: absent });
      const { checks } = JSON.parse(r.stdout) as {
        checks: { name: string; ok: boolean; detail: string; fix?: string }[];
      };
      const redis = checks.find((c) => c.name === 'image redis')!;
      expect(redis).toMatchObject({
        ok: true,
        detail: expect.stringContaining(process.env.GAMEDAY_REDIS_IMAGE!),
      });
      const mariadb = checks.find((c) => c.name === 'image mariadb')!;
      expect(mariadb).toMatchObject({ ok: false, detail: expect.stringContaining(absent) });
      expect(mariadb.fix).toMatch(/scripts\/build-local-images/);
      // The local images carry libfaketime (clock-skew on docker); an absent one says nothing.
      const kvstore = checks.find((c) => c.name === 'image kvstore')!;
      expect(kvstore.detail).toMatch(/, with libfaketime \(clock-skew\)$/);
      expect(mariadb.detail).not.toMatch(/libfaketime/);
    });
  });
