// A user's own compose file (fixtures/user-compose.yml: services store-a/store-b on port 9000,
// their own internal networks): gameday adds Toxiproxy and the router through an override,
// leaves the file untouched, faults the declared links, controls the regions, and `down`
// removes everything, the user's networks included. And a user's adapter module on a compose
// file of two plain Redis containers (test/fixtures/adapter: the example of docs/targets.md).
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerEngine } from '../../src/docker/engine.js';
import type { FinalState, HistoryEvent, Report, TopologySpec } from '../../src/model.js';
import type { TopologyState } from '../../src/topology/driver.js';
import { DockerDriver } from '../../src/topology/drivers/docker.js';
import { routerStatuses } from '../../src/topology/router.js';
import { ToxiproxyApi } from '../../src/toxiproxy/api.js';
import * as h from '../topology/helpers.js';
import { prepareDocker } from './docker-env.js';

const docker = await prepareDocker();
if (docker.skip) console.warn(`user compose tests skipped: ${docker.skip}`);

const USER_FILE = join(import.meta.dirname, 'fixtures', 'user-compose.yml');
const USER_SCENARIO = join(import.meta.dirname, 'fixtures', 'user-scenario.yaml');
const ADAPTER_FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'adapter');
const MODULES = join(import.meta.dirname, '..', '..', 'node_modules');
const digest = () => createHash('sha256').update(readFileSync(USER_FILE)).digest('hex');

const spec: TopologySpec = {
  regions: ['us', 'eu'],
  store: { conflict: 'lww', writes: 'async', durability: 'fsync' },
  router: { interMs: 300, fall: 2, rise: 1, timeoutMs: 250 },
  compose: {
    file: USER_FILE,
    regions: { us: { service: 'store-a', port: 9000 }, eu: { service: 'store-b', port: 9000 } },
    links: { us_to_eu: 8401, eu_to_us: 8402 },
  },
};

describe.skipIf(Boolean(docker.skip))('docker driver on a user compose file', () => {
  const engine = new DockerEngine();
  const before = digest();
  let root: string;
  let driver: DockerDriver;
  let state: TopologyState;
  const has = (url: string, key: string, value: unknown) => async () =>
    (await h.read(url, key)) === value;

  beforeAll(async () => {
    root = h.tempRoot();
    driver = new DockerDriver(root);
    state = await driver.up(spec);
  });

  afterAll(async () => {
    await driver?.down();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('runs the user services as regions behind Toxiproxy and the router', async () => {
    expect(state.links.map((l) => l.name).sort()).toEqual([
      'client_to_eu',
      'client_to_us',
      'eu_to_us',
      'us_to_eu',
    ]);
    expect(await h.put(state.regions.us!.clientUrl, 'k1', 'v1')).toBe(200);
    expect(await h.eventually(has(state.regions.eu!.directUrl, 'k1', 'v1'), 10_000)).toBe(true);
    const statuses = await routerStatuses(state.router.statsUrl!);
    expect(Object.keys(statuses).sort()).toEqual(['eu', 'us']);
    expect(digest()).toBe(before);
  });

  it('a declared replication link is what a partition cuts', async () => {
    const toxiproxy = new ToxiproxyApi(state.toxiproxy.url);
    await toxiproxy.setEnabled('us_to_eu', false);
    expect(await h.put(state.regions.us!.clientUrl, 'cut', 'c1')).toBe(200);
    expect(await h.eventually(has(state.regions.eu!.directUrl, 'cut', 'c1'), 1500)).toBe(false);
    await toxiproxy.reset();
    expect(await h.eventually(has(state.regions.eu!.directUrl, 'cut', 'c1'), 10_000)).toBe(true);
  });

  it('kill and restore act on the user service container', async () => {
    await driver.kill('eu');
    expect(await driver.status('eu')).toBe('stopped');
    await driver.restore('eu');
    expect(await driver.status('eu')).toBe('running');
    expect(await h.read(state.regions.eu!.directUrl, 'k1')).toBe('v1');
  });

  it('down removes every container and network of the project, the user networks too', async () => {
    expect(await engine.labelled(state.project)).toEqual({ containers: 4, networks: 3 });
    await driver.down();
    expect(await engine.labelled(state.project)).toEqual({ containers: 0, networks: 0 });
    expect(digest()).toBe(before);
  });

  it('gameday run --compose runs a scenario whose topology names the user services', async () => {
    const runRoot = h.tempRoot();
    try {
      const args = ['run', USER_SCENARIO, '--driver', 'docker', '--compose', USER_FILE];
      const r = await h.gameday(
        runRoot,
        [...args, '--json', '--out', join(runRoot, 'run')],
        90_000,
      );
      expect(r.exitCode, r.stderr).toBe(0);
      const [result] = JSON.parse(r.stdout) as { report: { slos: { name: string }[] } }[];
      expect(result!.report.slos.map((s) => s.name)).toEqual(['divergence', 'convergence_time']);
      const events = readFileSync(join(runRoot, 'run', 'events.jsonl'), 'utf8');
      expect(events).toMatch(/"fault-start".*"partition"/);
      expect(digest()).toBe(before);
    } finally {
      await h.cleanup(runRoot, []);
    }
  });

  it('--compose without topology.compose in the scenario is an input error', async () => {
    const shipped = join(import.meta.dirname, '..', '..', 'scenarios', 'baseline.yaml');
    const r = await h.gameday(root, ['run', shipped, '--driver', 'docker', '--compose', USER_FILE]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/topology\.compose/);
  });
});

describe.skipIf(Boolean(docker.skip))('a user adapter module on a user compose file', () => {
  const engine = new DockerEngine();

  it('runs Redis containers through the adapter, across a healed partition', async () => {
    // The user's project, outside the package: adapter, compose file, scenario, `npm install
    // ioredis` (a link to ours).
    const project = mkdtempSync(join(tmpdir(), 'gameday-adapter-compose-'));
    cpSync(ADAPTER_FIXTURE, project, { recursive: true });
    symlinkSync(MODULES, join(project, 'node_modules'));
    const out = join(project, 'run');
    try {
      const args = ['run', join(project, 'redis-compose.yaml'), '--driver', 'docker'];
      const r = await h.gameday(project, [...args, '--out', out], 90_000);
      expect(r.exitCode, r.stdout + r.stderr).toBe(0);
      const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
      const verdicts = Object.fromEntries(report.slos.map((s) => [s.name, [s.measured, s.pass]]));
      expect(verdicts).toEqual({ lost_writes: [0, true], divergence: [0, true] });
      expect(report.run?.store).toEqual({
        kind: 'adapter',
        adapter: join(project, 'redis-adapter.mjs'),
      });

      // Every op went through the adapter: eu, the replica, refuses each write with Redis's
      // own error reply (fail, never info); us keeps them.
      const history = readFileSync(join(out, 'history.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as HistoryEvent);
      const writes = (region: string) =>
        history.filter((e) => e.region === region && e.f === 'write' && e.type !== 'invoke');
      expect(writes('eu').length).toBeGreaterThan(10);
      for (const e of writes('eu'))
        expect([e.type, e.error]).toEqual(['fail', expect.stringMatching(/READONLY/)]);
      expect(writes('us').filter((e) => e.type === 'ok').length).toBeGreaterThan(10);
      // The cut was real: eu's replica served reads older than acknowledged us writes.
      expect(report.checks.staleReads.byRegion.eu!.count).toBeGreaterThan(0);

      // Healed: the fault ended, and eu caught up with everything us kept, read by the
      // adapter's dump.
      const events = readFileSync(join(out, 'events.jsonl'), 'utf8');
      expect(events).toMatch(/"fault-start","id":"s1","fault":"partition"/);
      expect(events).toMatch(/"fault-end","id":"s1"/);
      const final = JSON.parse(readFileSync(join(out, 'final.json'), 'utf8')) as FinalState;
      expect([final.source, final.agreed]).toEqual(['dump', true]);
      expect(final.regions.eu).toEqual(final.regions.us);
      const usValues = new Set(
        writes('us')
          .filter((e) => e.type !== 'fail')
          .map((e) => e.value),
      );
      const values = Object.entries(final.regions.us!).filter(([k]) => !k.startsWith('probe:'));
      expect(values.length).toBeGreaterThan(0);
      for (const [, value] of values) expect(usValues.has(value), String(value)).toBe(true);

      // HAProxy checked the regions over TCP, and nothing of the project is left.
      expect(readFileSync(join(project, '.gameday', 'haproxy.cfg'), 'utf8')).toMatch(
        /tcp-check connect/,
      );
      const override = readFileSync(join(project, '.gameday', 'compose.override.yml'), 'utf8');
      const name = /gameday\.project: (\S+)/.exec(override)![1]!;
      expect(await engine.labelled(name)).toEqual({ containers: 0, networks: 0 });
    } finally {
      await h.cleanup(project, []);
    }
  });
});
