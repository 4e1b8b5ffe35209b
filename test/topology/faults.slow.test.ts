// The runbook on a real topology: real Toxiproxy, HAProxy and kvstore processes, spawned
// through the real CLI (`npm run build` first), each test in its own state dir on free ports.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TopologyState } from '../../src/topology/driver.js';
import { expectClock, versionClock } from '../clocks.js';
import * as h from './helpers.js';

let root: string;
let state: TopologyState;
const seen: number[] = [];

beforeEach(async () => {
  root = h.tempRoot();
  const up = await h.gameday(root, ['up', '--inter', '200ms', '--fall', '2', '--rise', '1']);
  expect(up.exitCode, up.stderr).toBe(0);
  state = h.readState(root);
  seen.push(...h.statePids(state));
});

afterEach(async () => {
  await h.cleanup(root, h.statePids(h.readStateIfAny(root) ?? state).concat(seen));
  seen.length = 0;
});

const us = () => state.regions.us!;
const eu = () => state.regions.eu!;
const has = (url: string, key: string, value: unknown) => async () =>
  (await h.read(url, key)) === value;

describe('partition', () => {
  it('--scope replication hides a us write from eu until heal, then it arrives', async () => {
    expect((await h.gameday(root, ['fault', 'partition', 'us', 'eu'])).exitCode).toBe(0);
    expect(await h.put(us().clientUrl, 'k1', 'v1')).toBe(200);
    expect(await h.eventually(has(eu().directUrl, 'k1', 'v1'), 1500)).toBe(false);
    expect((await h.gameday(root, ['heal'])).exitCode).toBe(0);
    expect(await h.eventually(has(eu().directUrl, 'k1', 'v1'), 10_000)).toBe(true);
  });

  it('--oneway cuts us→eu only: eu writes still reach us', async () => {
    const r = await h.gameday(root, ['fault', 'partition', 'us', 'eu', '--oneway']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(await h.put(eu().clientUrl, 'from-eu', 'e1')).toBe(200);
    expect(await h.put(us().clientUrl, 'from-us', 'u1')).toBe(200);
    expect(await h.eventually(has(us().directUrl, 'from-eu', 'e1'), 5000)).toBe(true);
    expect(await h.eventually(has(eu().directUrl, 'from-us', 'u1'), 1500)).toBe(false);
  });
});

describe('region faults', () => {
  it('kill eu: the router serves from us; heal brings eu back, caught up', async () => {
    expect((await h.gameday(root, ['fault', 'kill', 'eu'])).exitCode).toBe(0);
    expect(h.alive(eu().pid!)).toBe(false);
    expect(await h.eventually(() => h.routerServesOnly(state.router.url, 'us'), 5000)).toBe(true);
    expect(await h.put(state.router.url, 'during-kill', 'd1')).toBe(200);

    expect((await h.gameday(root, ['heal'])).exitCode).toBe(0);
    const restarted = h.readState(root).regions.eu!;
    seen.push(restarted.pid!);
    expect(restarted.pid).not.toBe(eu().pid);
    expect(await h.eventually(has(restarted.directUrl, 'during-kill', 'd1'), 10_000)).toBe(true);
  });

  it('pause eu freezes it; heal resumes it', async () => {
    expect((await h.gameday(root, ['fault', 'pause', 'eu'])).exitCode).toBe(0);
    const status = JSON.parse((await h.gameday(root, ['status', '--json'])).stdout);
    expect(status.regions.eu).toMatchObject({ healthy: false, process: 'paused' });
    expect((await h.gameday(root, ['heal'])).exitCode).toBe(0);
    expect(h.readState(root).regions.eu!.pid).toBe(eu().pid);
    const healthy = JSON.parse((await h.gameday(root, ['status', '--json'])).stdout);
    expect(healthy.regions.eu).toMatchObject({ healthy: true, process: 'running' });
  });
});

describe('crash safety', () => {
  it('heal with Toxiproxy gone starts it again with every link clean and resumes a paused region', async () => {
    expect((await h.gameday(root, ['fault', 'partition', 'us', 'eu'])).exitCode).toBe(0);
    expect((await h.gameday(root, ['fault', 'pause', 'eu'])).exitCode).toBe(0);
    const dead = state.toxiproxy.pid!;
    process.kill(dead, 'SIGKILL');
    const heal = await h.gameday(root, ['heal']);
    expect(heal.exitCode, heal.stderr).toBe(0);
    const revived = h.readState(root).toxiproxy.pid!;
    expect(revived).not.toBe(dead);
    expect(() => process.kill(revived, 0)).not.toThrow();
    expect(await h.linkToxics(state)).toEqual([]);
    expect(await h.put(us().clientUrl, 'after-revive', 'r1')).toBe(200);
    expect(await h.eventually(has(eu().directUrl, 'after-revive', 'r1'), 10_000)).toBe(true);
    const status = JSON.parse((await h.gameday(root, ['status', '--json'])).stdout);
    expect(status.regions.eu).toMatchObject({ healthy: true, process: 'running' });
    expect(status.faults ?? []).toEqual([]);
  });

  it('a SIGKILLed `gameday fault` leaves a fault that `gameday heal` removes; down leaves nothing', async () => {
    // Kill it the moment the toxics are in place: before it could print, exit or clean up.
    const faultRun = h.spawnGameday(root, ['fault', 'partition', 'us', 'eu', '--id', 'crash']);
    const cut = async () => (await h.linkToxics(state)).length > 0;
    expect(await h.eventually(cut, 10_000)).toBe(true);
    faultRun.kill('SIGKILL');
    await faultRun.catch(() => undefined);
    expect((await h.gameday(root, ['status', '--json'])).exitCode).toBe(0);

    const heal = await h.gameday(root, ['heal']);
    expect(heal.exitCode, heal.stderr).toBe(0);
    expect(await h.linkToxics(state)).toEqual([]);
    expect(await h.put(us().clientUrl, 'after-heal', 'a1')).toBe(200);
    expect(await h.eventually(has(eu().directUrl, 'after-heal', 'a1'), 10_000)).toBe(true);

    expect((await h.gameday(root, ['down'])).exitCode).toBe(0);
    expect(h.statePids(state).filter(h.alive)).toEqual([]);
  });
});

describe('clock-skew (libfaketime)', () => {
  it('shifts the skewed region only, refuses a second skew; heal puts it back, even with the ledger lost', async () => {
    const r = await h.gameday(root, ['fault', 'clock-skew', 'eu', '--ms', '2000']);
    expect(r.exitCode, r.stderr).toBe(0);
    // us first: it has not yet seen a record from eu's future (its hybrid clock would follow).
    const u = await versionClock(us().directUrl, 'skew-us');
    expectClock(u, 0, 'us during the skew');
    const e = await versionClock(eu().directUrl, 'skew-eu');
    expectClock(e, 2000, 'eu during the skew');
    // One clock, one skew: a second is refused (healing either would undo both).
    const again = await h.gameday(root, ['fault', 'clock-skew', 'eu', '--ms=-3000']);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toMatch(/clock-skew eu is already in force/);

    // As after a gameday killed before it healed: nothing in the ledger names the fault.
    rmSync(join(root, '.gameday', 'faults.json'), { force: true });
    expect((await h.gameday(root, ['heal'])).exitCode).toBe(0);
    // eu's hybrid clock never goes back: its next write shows true time once that passed the
    // skewed write's clock.
    while (Date.now() <= e.wall) await new Promise((done) => setTimeout(done, 100));
    const healed = await versionClock(eu().directUrl, 'healed-eu');
    expectClock(healed, 0, 'eu after the heal');
  });
});
