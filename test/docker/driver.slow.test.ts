// The docker driver on a real engine: up, partition, kill, pause, heal, clock-skew, and a down
// that leaves no labelled container or network. Images come from scripts/build-local-images.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { execa } from 'execa';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerEngine } from '../../src/docker/engine.js';
import type { TopologySpec } from '../../src/model.js';
import type { TopologyState } from '../../src/topology/driver.js';
import { DockerDriver } from '../../src/topology/drivers/docker.js';
import { loadState, upTopology } from '../../src/topology/index.js';
import { routerStatuses } from '../../src/topology/router.js';
import { ToxiproxyApi } from '../../src/toxiproxy/api.js';
import { expectClock, versionClock } from '../clocks.js';
import * as h from '../topology/helpers.js';
import { prepareDocker } from './docker-env.js';

const docker = await prepareDocker();
if (docker.skip) console.warn(`docker driver tests skipped: ${docker.skip}`);

const spec: TopologySpec = {
  regions: ['us', 'eu'],
  store: { conflict: 'lww', writes: 'async', durability: 'fsync' },
  router: { interMs: 300, fall: 2, rise: 1, timeoutMs: 250 },
};

async function put(base: string, key: string, value: string): Promise<number> {
  const res = await fetch(`${base}/kv/${key}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ value }),
    signal: AbortSignal.timeout(2000),
  });
  return res.status;
}

async function read(base: string, key: string): Promise<unknown> {
  const res = await fetch(`${base}/kv/${key}`, { signal: AbortSignal.timeout(1000) });
  return res.status === 404 ? null : ((await res.json()) as { value: unknown }).value;
}

/** Polls until `probe` returns true; false after timeoutMs. */
async function eventually(probe: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/** As the images built before they carried libfaketime: the bundled store's without the label. */
const PLAIN_IMAGE = 'gameday-local/kvstore:no-faketime';

/** `gameday up --driver docker` in `root` on PLAIN_IMAGE. */
async function upWithoutLibfaketime(root: string) {
  const dockerfile = `FROM ${process.env.GAMEDAY_KVSTORE_IMAGE!}\nLABEL gameday.libfaketime=""\n`;
  await execa('docker', ['build', '-q', '-t', PLAIN_IMAGE, '-'], { input: dockerfile });
  return h.gamedayEnv(root, ['up', '--driver', 'docker'], { GAMEDAY_KVSTORE_IMAGE: PLAIN_IMAGE });
}

describe.skipIf(Boolean(docker.skip))('docker driver', () => {
  const engine = new DockerEngine();
  let root: string;
  let driver: DockerDriver;
  let state: TopologyState;
  // A second topology, on an image without libfaketime, started beside the first.
  const plainRoot = h.tempRoot();
  let plainUp: Awaited<ReturnType<typeof upWithoutLibfaketime>>;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'gameday-docker-'));
    [state, plainUp] = await Promise.all([
      upTopology(spec, { root, driver: 'docker' }),
      upWithoutLibfaketime(plainRoot),
    ]);
    driver = new DockerDriver(root, state);
  });

  afterAll(async () => {
    await Promise.all([driver?.down(), h.gameday(plainRoot, ['down'])]);
    await execa('docker', ['rmi', PLAIN_IMAGE], { reject: false });
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('starts both regions, publishes only on 127.0.0.1, and routes through HAProxy', async () => {
    for (const region of Object.values(state.regions)) {
      expect(new URL(region.clientUrl).hostname).toBe('127.0.0.1');
      expect(await put(region.clientUrl, `up-${region.name}`, `v-${region.name}`)).toBe(200);
    }
    const statuses = await routerStatuses(state.router.statsUrl!);
    expect(statuses).toMatchObject({
      us: expect.stringMatching(/^UP/),
      eu: expect.stringMatching(/^UP/),
    });
    expect(await read(state.router.url, 'up-us')).not.toBeUndefined();
    const replicated = () => read(state.regions.eu!.directUrl, 'up-us').then((v) => v === 'v-us');
    expect(await eventually(replicated, 10_000)).toBe(true);
  });

  it('a replication partition keeps a write in its region until healed', async () => {
    const toxiproxy = new ToxiproxyApi(state.toxiproxy.url);
    await toxiproxy.setEnabled('us_to_eu', false);
    await toxiproxy.setEnabled('eu_to_us', false);
    expect(await put(state.regions.us!.clientUrl, 'cut', 'during')).toBe(200);
    const seenInEu = () => read(state.regions.eu!.directUrl, 'cut').then((v) => v === 'during');
    expect(await eventually(seenInEu, 1500)).toBe(false);
    await toxiproxy.reset();
    expect(await eventually(seenInEu, 15_000)).toBe(true);
  });

  it('a second up in the same state dir refuses: the first project stays the only one', async () => {
    await driver.kill('us');
    await driver.kill('eu'); // no region runs: still live, its containers exist
    await expect(upTopology(spec, { root, driver: 'docker' })).rejects.toThrow(
      new RegExp(`already running .*docker project ${state.project}`),
    );
    expect(await driver.live()).toBe(true);
    expect(loadState(root)?.project).toBe(state.project);
    expect((await engine.labelled(state.project)).containers).toBe(6);
    await Promise.all([driver.restore('us'), driver.restore('eu')]);
    const bothUp = async () =>
      Object.values(await routerStatuses(state.router.statsUrl!)).every((s) => s.startsWith('UP'));
    expect(await eventually(bothUp, 5000)).toBe(true);
  });

  it('kill stops the container, the router fails over, restore brings it back', async () => {
    await driver.kill('eu');
    expect(await driver.status('eu')).toBe('stopped');
    const euDown = async () =>
      (await routerStatuses(state.router.statsUrl!)).eu?.startsWith('DOWN') ?? false;
    expect(await eventually(euDown, 5000)).toBe(true);
    expect(await put(state.router.url, 'after-kill', 'x')).toBe(200);
    await driver.kill('eu'); // idempotent
    await driver.restore('eu');
    expect(await driver.status('eu')).toBe('running');
    expect(await read(state.regions.eu!.directUrl, 'up-eu')).toBe('v-eu');
  });

  it('pause freezes a region (health times out) and restore unfreezes it', async () => {
    await driver.pause('us');
    expect(await driver.status('us')).toBe('paused');
    await expect(
      fetch(`${state.regions.us!.directUrl}/health`, { signal: AbortSignal.timeout(500) }),
    ).rejects.toThrow();
    await driver.restore('us');
    expect(await driver.status('us')).toBe('running');
    expect(
      await eventually(async () => (await fetch(`${state.regions.us!.directUrl}/health`)).ok, 5000),
    ).toBe(true);
  });

  it('heal starts a Toxiproxy killed during a fault: links clean, replication and router work', async () => {
    const cut = await h.gameday(root, ['fault', 'partition', 'us', 'eu']);
    expect(cut.exitCode, cut.stderr).toBe(0);
    const toxiproxy = (await engine.projectContainers(state.project)).toxiproxy!;
    await engine.kill(toxiproxy.id);
    expect((await engine.inspect(toxiproxy.id)).status).not.toBe('running');
    const heal = await h.gameday(root, ['heal']);
    expect(heal.exitCode, heal.stderr).toBe(0);
    expect((await engine.inspect(toxiproxy.id)).status).toBe('running');
    // Docker publishes a restarted container on new host ports: state.json has them.
    const now = loadState(root)!;
    const proxies = Object.values(await new ToxiproxyApi(now.toxiproxy.url).proxies());
    expect(proxies.map((p) => p.enabled)).toEqual(proxies.map(() => true));
    expect(proxies.flatMap((p) => p.toxics)).toEqual([]);
    expect(await put(now.regions.us!.clientUrl, 'revived', 'r1')).toBe(200);
    const inEu = () => read(now.regions.eu!.directUrl, 'revived').then((v) => v === 'r1');
    expect(await eventually(inEu, 15_000)).toBe(true);
    const viaRouter = () => read(now.router.url, 'revived').then((v) => v === 'r1');
    expect(await eventually(viaRouter, 10_000)).toBe(true);
    expect(JSON.parse((await h.gameday(root, ['status', '--json'])).stdout).faults).toEqual([]);
  });

  it("clock-skew shifts the store's wall clock inside its container; heal puts it back", async () => {
    const skew = await h.gameday(root, ['fault', 'clock-skew', 'eu', '--ms', '5000']);
    expect(skew.exitCode, skew.stderr).toBe(0);
    // The direct links' ports as now published (a revived Toxiproxy has new ones).
    const { us, eu } = loadState(root)!.regions;
    // us first: it has not yet seen a record from eu's future (its hybrid clock would follow).
    const u = await versionClock(us!.directUrl, 'skew-us');
    expectClock(u, 0, 'us during the skew');
    const e = await versionClock(eu!.directUrl, 'skew-eu');
    expectClock(e, 5000, 'eu during the skew');
    const heal = await h.gameday(root, ['heal']);
    expect(heal.exitCode, heal.stderr).toBe(0);
    // eu's hybrid clock never goes back, but its HTTP Date header (whole seconds, which Node
    // caches for up to a second) reads the process's wall clock: true again, not 5 s ahead.
    const healed = async () => {
      const before = Date.now();
      const res = await fetch(`${eu!.directUrl}/health`);
      const date = Date.parse(res.headers.get('date')!);
      return date >= before - 3000 && date <= Date.now();
    };
    expect(await eventually(healed, 5000)).toBe(true);
  });

  it('an image without the libfaketime label: no LD_PRELOAD, clock-skew is exit 2 with the fix', async () => {
    expect(plainUp.exitCode, plainUp.stderr).toBe(0);
    const eu = loadState(plainRoot)!.regions.eu!;
    expect(eu.libfaketime).toBeUndefined();
    const { stdout } = await execa('docker', [
      'inspect',
      '-f',
      '{{range .Config.Env}}{{println .}}{{end}}',
      eu.containerId!,
    ]);
    expect(stdout.split('\n')).toContain('LD_PRELOAD=');
    const skew = await h.gameday(plainRoot, ['fault', 'clock-skew', 'eu', '--ms', '5000']);
    expect(skew.exitCode).toBe(2);
    expect(skew.stderr).toMatch(/image without libfaketime/);
    expect(skew.stderr).toMatch(/scripts\/build-local-images/);
    const clock = readFileSync(join(plainRoot, '.gameday', 'clock', 'eu.rc'), 'utf8');
    expect(clock).toBe('+0.000\n');
  });

  it('down leaves no labelled container or network, and is idempotent', async () => {
    expect((await engine.labelled(state.project)).containers).toBe(6);
    await driver.down();
    expect(await engine.labelled(state.project)).toEqual({ containers: 0, networks: 0 });
    await driver.down();
  });
});
