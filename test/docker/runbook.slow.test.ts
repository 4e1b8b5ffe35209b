// The local driver's runbook tests, on the docker driver: the real CLI against one docker
// topology (partition, one-way, latency, isolate, kill, pause, heal, a SIGKILLed `gameday
// fault`), then a `down` that leaves no labelled container or network. Each test heals what
// it broke, so they share one `up` (the whole file stays well under a minute).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerEngine } from '../../src/docker/engine.js';
import type { TopologyState } from '../../src/topology/driver.js';
import * as h from '../topology/helpers.js';
import { prepareDocker } from './docker-env.js';

const docker = await prepareDocker();
if (docker.skip) console.warn(`docker runbook tests skipped: ${docker.skip}`);

const engine = new DockerEngine();
let root: string;
let state: TopologyState;

const us = () => state.regions.us!;
const eu = () => state.regions.eu!;
const has = (url: string, key: string, value: unknown) => async () =>
  (await h.read(url, key)) === value;

async function cli(args: string[]): Promise<h.CliResult> {
  const r = await h.gameday(root, args, 90_000);
  expect(r.exitCode, `gameday ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r;
}

/** Four clients failing /health through url for ms: the slowest failure, in ms. */
async function knock(url: string, ms: number): Promise<number> {
  const until = performance.now() + ms;
  let slowest = 0;
  const client = async () => {
    while (performance.now() < until) {
      const start = performance.now();
      if ((await h.healthMs(url, 1000)) < Infinity) throw new Error(`${url} answered`);
      slowest = Math.max(slowest, performance.now() - start);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await Promise.all([client(), client(), client(), client()]);
  return slowest;
}

async function regionStatus(region: string): Promise<{ healthy: boolean; process: string }> {
  const status = JSON.parse((await cli(['status', '--json'])).stdout);
  return status.regions[region];
}

describe.skipIf(Boolean(docker.skip))('runbook on the docker driver', () => {
  beforeAll(async () => {
    root = h.tempRoot();
    await cli(['up', '--driver', 'docker', '--inter', '200ms', '--fall', '2', '--rise', '1']);
    state = h.readState(root);
  });

  afterAll(async () => {
    if (state) await engine.removeProject(state.project).catch(() => undefined);
    if (root) await h.cleanup(root, []);
  });

  it('partition hides a us write from eu until heal, then it arrives', async () => {
    await cli(['fault', 'partition', 'us', 'eu']);
    expect(await h.put(us().clientUrl, 'k1', 'v1')).toBe(200);
    expect(await h.eventually(has(eu().directUrl, 'k1', 'v1'), 1500)).toBe(false);
    await cli(['heal']);
    expect(await h.eventually(has(eu().directUrl, 'k1', 'v1'), 10_000)).toBe(true);
  });

  it('--oneway cuts us→eu only: eu writes still reach us', async () => {
    await cli(['fault', 'partition', 'us', 'eu', '--oneway']);
    expect(await h.put(eu().clientUrl, 'from-eu', 'e1')).toBe(200);
    expect(await h.put(us().clientUrl, 'from-us', 'u1')).toBe(200);
    expect(await h.eventually(has(us().directUrl, 'from-eu', 'e1'), 5000)).toBe(true);
    expect(await h.eventually(has(eu().directUrl, 'from-us', 'u1'), 1500)).toBe(false);
    await cli(['heal']);
    expect(await h.eventually(has(eu().directUrl, 'from-us', 'u1'), 10_000)).toBe(true);
  });

  it('latency on the clients → eu link adds about ms, only there', async () => {
    await cli(['fault', 'latency', 'us', 'eu', '--ms', '300', '--scope', 'clients']);
    expect(await h.healthMs(eu().clientUrl)).toBeGreaterThanOrEqual(290);
    expect(await h.healthMs(us().clientUrl)).toBeLessThan(290);
    await cli(['heal']);
    expect(await h.healthMs(eu().clientUrl)).toBeLessThan(290);
  });

  it('isolate eu cuts its client link and replication; gameday still reads it directly', async () => {
    await cli(['fault', 'isolate', 'eu']);
    expect(await h.healthMs(eu().clientUrl, 700)).toBe(Infinity);
    expect(await h.healthMs(eu().directUrl)).toBeLessThan(Infinity);
    expect(await h.put(us().clientUrl, 'iso', 'i1')).toBe(200);
    expect(await h.eventually(has(eu().directUrl, 'iso', 'i1'), 1500)).toBe(false);
    await cli(['heal']);
    expect(await h.linkToxics(state)).toEqual([]);
    expect(await h.eventually(has(eu().directUrl, 'iso', 'i1'), 10_000)).toBe(true);
  });

  it('kill eu: its container exits, the router serves from us; heal brings eu back, caught up', async () => {
    await cli(['fault', 'kill', 'eu']);
    expect((await engine.inspect(eu().containerId!)).status).toBe('exited');
    expect(await h.eventually(() => h.routerServesOnly(state.router.url, 'us'), 5000)).toBe(true);
    expect(await h.put(state.router.url, 'during-kill', 'd1')).toBe(200);
    // Clients keep knocking on the dead region, as a workload does. Its address outlives the
    // store (as on a real host), so each try is refused at once instead of hanging, and
    // Toxiproxy's accept loop never blocks on a dial to a vanished address.
    const slowest = await knock(eu().clientUrl, 4000);
    expect(slowest).toBeLessThan(500);
    await cli(['heal']);
    expect((await engine.inspect(eu().containerId!)).status).toBe('running');
    expect(await h.healthMs(eu().clientUrl, 1000)).toBeLessThan(Infinity);
    expect(await h.eventually(has(eu().directUrl, 'during-kill', 'd1'), 10_000)).toBe(true);
  });

  it('route drain eu through the admin socket in the container; ready brings eu back', async () => {
    await cli(['route', 'drain', 'eu']);
    expect(await h.routerServesOnly(state.router.url, 'us')).toBe(true);
    const status = JSON.parse((await cli(['status', '--json'])).stdout);
    expect(status.regions.eu.routing).toEqual({ state: 'drain', weight: 100 });
    await cli(['route', 'ready', 'eu']);
    expect(await h.routerServesOnly(state.router.url, 'us')).toBe(false);
  });

  it('pause eu freezes it; heal resumes it', async () => {
    await cli(['fault', 'pause', 'eu']);
    expect(await regionStatus('eu')).toMatchObject({ healthy: false, process: 'paused' });
    await cli(['heal']);
    expect(await regionStatus('eu')).toMatchObject({ healthy: true, process: 'running' });
  });

  it('a SIGKILLed `gameday fault` leaves a fault that `gameday heal` removes', async () => {
    const faultRun = h.spawnGameday(root, ['fault', 'partition', 'us', 'eu', '--id', 'crash']);
    const cut = async () => (await h.linkToxics(state)).length > 0;
    expect(await h.eventually(cut, 10_000)).toBe(true);
    faultRun.kill('SIGKILL');
    await faultRun.catch(() => undefined);
    await cli(['heal']);
    expect(await h.linkToxics(state)).toEqual([]);
    expect(await h.put(us().clientUrl, 'after-heal', 'a1')).toBe(200);
    expect(await h.eventually(has(eu().directUrl, 'after-heal', 'a1'), 10_000)).toBe(true);
  });

  it('down leaves no labelled container or network', async () => {
    expect((await engine.labelled(state.project)).containers).toBeGreaterThan(0);
    await cli(['down']);
    expect(await engine.labelled(state.project)).toEqual({ containers: 0, networks: 0 });
  });
});
