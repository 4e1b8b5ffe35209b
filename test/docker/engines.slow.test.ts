// Regions on two Docker engines: us (with Toxiproxy and the router) on the machine's engine,
// eu on a second dockerd with its own socket and data root. Toxiproxy links them through
// loopback ports; faults and region control go through the same driver interface.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerEngine } from '../../src/docker/engine.js';
import { faultContext, healAll, injectFault, type FaultContext } from '../../src/faults/index.js';
import type { TopologyState } from '../../src/topology/driver.js';
import { DockerDriver } from '../../src/topology/drivers/docker.js';
import { routerStatuses } from '../../src/topology/router.js';
import * as h from '../topology/helpers.js';
import { prepareDocker } from './docker-env.js';
import { startSecondEngine, type SecondEngine } from './second-engine.js';

const docker = await prepareDocker();
const second = docker.skip ? { skip: docker.skip } : await startSecondEngine();
const skip = 'skip' in second ? second.skip : undefined;
if (skip) console.warn(`two-engine tests skipped: ${skip}`);

describe.skipIf(Boolean(skip))('regions on two Docker engines', () => {
  const euEngine = second as SecondEngine;
  const hub = new DockerEngine();
  let root: string;
  let driver: DockerDriver;
  let state: TopologyState;
  let ctx: FaultContext;
  const has = (url: string, key: string, value: unknown) => async () =>
    (await h.read(url, key)) === value;

  beforeAll(async () => {
    root = h.tempRoot();
    const args = ['up', '--engine', `eu=${euEngine.host}`, '--inter', '300ms', '--fall', '2'];
    const up = await h.gameday(root, [...args, '--rise', '1'], 120_000);
    expect(up.exitCode, up.stderr).toBe(0);
    state = h.readState(root);
    driver = new DockerDriver(root, state);
    ctx = faultContext(root, state);
  });

  afterAll(async () => {
    await driver?.down().catch(() => undefined);
    await euEngine.stop?.();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('runs eu on the second engine and everything else on the first', async () => {
    expect((await new DockerEngine(euEngine.host).labelled(state.project)).containers).toBe(1);
    expect((await hub.labelled(state.project)).containers).toBe(3);
    expect(state.regions.eu!.dockerHost).toBe(euEngine.host);
    expect(await h.put(state.regions.us!.clientUrl, 'k1', 'v1')).toBe(200);
    expect(await h.eventually(has(state.regions.eu!.directUrl, 'k1', 'v1'), 10_000)).toBe(true);
  });

  it('a partition cuts the cross-engine replication link until healed', async () => {
    await injectFault(ctx, { id: 'p', fault: 'partition', regions: ['us', 'eu'], params: {} });
    expect(await h.put(state.regions.us!.clientUrl, 'cut', 'c1')).toBe(200);
    expect(await h.eventually(has(state.regions.eu!.directUrl, 'cut', 'c1'), 1500)).toBe(false);
    await healAll(ctx);
    expect(await h.eventually(has(state.regions.eu!.directUrl, 'cut', 'c1'), 10_000)).toBe(true);
  });

  it('kill eu goes to its engine; the router fails over; heal restarts it there', async () => {
    await injectFault(ctx, { id: 'k', fault: 'kill-region', regions: ['eu'], params: {} });
    const euContainer = await new DockerEngine(euEngine.host).inspect(
      state.regions.eu!.containerId!,
    );
    expect(euContainer.status).toBe('exited');
    const euDown = async () =>
      (await routerStatuses(state.router.statsUrl!)).eu?.startsWith('DOWN') ?? false;
    expect(await h.eventually(euDown, 5000)).toBe(true);
    expect(await h.put(state.router.url, 'during-kill', 'd1')).toBe(200);
    await healAll(ctx);
    expect(await driver.status('eu')).toBe('running');
    expect(await h.eventually(has(state.regions.eu!.directUrl, 'during-kill', 'd1'), 10_000)).toBe(
      true,
    );
  });

  it('gameday down removes the project from both engines', async () => {
    expect((await h.gameday(root, ['down'])).exitCode).toBe(0);
    expect(await hub.labelled(state.project)).toEqual({ containers: 0, networks: 0 });
    const onEu = await new DockerEngine(euEngine.host).labelled(state.project);
    expect(onEu).toEqual({ containers: 0, networks: 0 });
  });
});
