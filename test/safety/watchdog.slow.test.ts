// The dead man's switch on a real topology: a fault whose deadline passes is healed by the
// watchdog even when no gameday process is left, `heal` works at any moment, down stops it, and
// a run's topology is taken down when the run is killed.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/model.js';
import {
  alive,
  cleanup,
  eventually,
  gameday,
  leftovers,
  linkToxics,
  put,
  readState,
  readStateIfAny,
  spawnGameday,
  statePids,
  tempRoot,
} from '../topology/helpers.js';

const roots: string[] = [];
const pids: number[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) {
    const watchdog = watchdogPid(root);
    if (watchdog) pids.push(watchdog);
    await cleanup(root, pids.splice(0));
  }
});

function watchdogPid(root: string): number | undefined {
  const file = join(root, '.gameday', 'watchdog.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8')) : undefined;
}

async function upTopology(): Promise<string> {
  const root = tempRoot();
  roots.push(root);
  const up = await gameday(root, ['up']);
  expect(up.exitCode, up.stderr).toBe(0);
  pids.push(...statePids(readState(root)));
  return root;
}

/** Every region answers a write through its client link (so no partition or kill remains). */
async function regionsAnswer(root: string): Promise<boolean> {
  const regions = Object.values(readState(root).regions);
  const codes = await Promise.all(
    regions.map((r) => put(r.clientUrl, 'probe', r.name).catch(() => 0)),
  );
  return codes.every((c) => c === 200);
}

describe('watchdog', () => {
  it('is started by up, heals a --ttl 2s partition by itself, and stops with down', async () => {
    const root = await upTopology();
    const watchdog = watchdogPid(root);
    expect(watchdog !== undefined && alive(watchdog)).toBe(true);
    const fault = await gameday(root, ['fault', 'partition', 'us', 'eu', '--ttl', '2s', '--json']);
    expect(fault.exitCode, fault.stderr).toBe(0);
    const deadline = Date.parse((JSON.parse(fault.stdout) as { deadline: string }).deadline);
    expect(await linkToxics(readState(root))).toHaveLength(4);
    const healed = await eventually(
      async () => (await linkToxics(readState(root))).length === 0,
      5000,
    );
    expect(healed).toBe(true);
    // Not before the deadline; after it within a 200 ms tick plus the heal, on a loaded machine.
    const lateMs = Date.now() - deadline;
    expect(lateMs).toBeGreaterThanOrEqual(0);
    expect(lateMs).toBeLessThan(1500);
    expect((await gameday(root, ['status', '--json'])).stdout).toMatch(/"faults": \[\]/);
    expect(await eventually(() => regionsAnswer(root), 5000)).toBe(true);
    const down = await gameday(root, ['down']);
    expect(down.exitCode).toBe(0);
    expect(await eventually(async () => !alive(watchdog!), 3000)).toBe(true);
  });

  it('lets `heal` remove a fault at any moment, before its deadline', async () => {
    const root = await upTopology();
    const injected = Date.now();
    await gameday(root, ['fault', 'kill', 'eu', '--ttl', '10m', '--id', 'k1']);
    expect(readFileSync(join(root, '.gameday', 'faults.json'), 'utf8')).toContain('"deadline"');
    const status = await gameday(root, ['status']);
    // The time left is 10m less however long the machine took since the fault: 10m 0s on an
    // idle machine, less on a busy one; never more than the TTL, never less than what elapsed.
    const left = /k1 kill-region eu \{\} \(watchdog heals it in (\d+)m (\d+)s\)/.exec(
      status.stdout,
    );
    expect(left, status.stdout).not.toBeNull();
    const leftSecs = Number(left![1]) * 60 + Number(left![2]);
    const elapsedSecs = (Date.now() - injected) / 1000;
    expect(leftSecs).toBeLessThanOrEqual(600);
    expect(leftSecs).toBeGreaterThanOrEqual(Math.floor(600 - elapsedSecs) - 1);
    expect(status.stdout).toMatch(/watchdog {2}running {2}pid \d+/);
    const heal = await gameday(root, ['heal', 'k1']);
    expect(heal.exitCode, heal.stderr).toBe(0);
    expect(await regionsAnswer(root)).toBe(true);
    pids.push(...statePids(readState(root)));
    await gameday(root, ['fault', 'partition', 'us', 'eu', '--ttl', '10m']);
    expect((await gameday(root, ['heal'])).exitCode).toBe(0);
    expect(await linkToxics(readState(root))).toEqual([]);
  });

  it('rejects a bad --ttl before touching anything', async () => {
    const root = await upTopology();
    const r = await gameday(root, ['fault', 'partition', 'us', 'eu', '--ttl', 'forever']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/--ttl "forever" is not a duration/);
    expect(await linkToxics(readState(root))).toEqual([]);
  });

  it('takes down the topology of a SIGKILLed `gameday run`: no fault, no process left', async () => {
    const root = tempRoot();
    roots.push(root);
    const file = join(root, 'killed.yaml');
    writeFileSync(
      file,
      `name: killed-mid-fault
duration: 60s
warmup: 1s
settle: 1s
workload: {kind: register, rate: 50, keys: 4}
steps:
  - {id: cut, at: 1s, duration: 40s, fault: partition, regions: [us, eu], scope: both}
  - {id: freeze, at: 1s, duration: 40s, fault: pause-region, regions: [eu]}
`,
    );
    const out = join(root, 'run');
    const child = spawnGameday(root, ['run', file, '--out', out, '--seed', '1']);
    const started = await eventually(
      async () => faultStarted(join(out, 'events.jsonl'), 2),
      30_000,
    );
    expect(started).toBe(true);
    const state = readStateIfAny(root)!;
    pids.push(...statePids(state));
    expect((await linkToxics(state)).length).toBeGreaterThan(0);
    expect(leftovers(root).length).toBeGreaterThan(0);
    child.kill('SIGKILL');
    await child;
    // The run owned its topology: the watchdog notices its death on its next tick and takes
    // everything down, 40 s before the steps' deadlines.
    const gone = await eventually(async () => leftovers(root).length === 0, 15_000);
    expect(gone, `left running: ${leftovers(root).join(', ')}`).toBe(true);
    expect(existsSync(join(root, '.gameday', 'state.json'))).toBe(false);
    expect(statePids(state).filter(alive)).toEqual([]);
    // Both watchdogs see the death; one takes the topology down, the other finds it gone.
    const log = readFileSync(join(root, '.gameday', 'logs', 'watchdog.log'), 'utf8');
    expect(log, log).toMatch(/the run that owns this topology \(pid \d+\) is gone: taking it down/);
    expect(log, log).toMatch(
      /took the topology down \(regions us, eu; faults in force: \w+, \w+\)/,
    );
  });
});

describe('a run whose terminal closes', () => {
  it('heals on SIGHUP at once, without waiting for the watchdog', async () => {
    const root = tempRoot();
    roots.push(root);
    const file = join(root, 'hup.yaml');
    writeFileSync(
      file,
      `name: hup
duration: 30s
warmup: 1s
workload: {kind: register, rate: 50, keys: 4}
steps:
  - {id: cut, at: 1s, duration: 20s, fault: partition, regions: [us, eu]}
`,
    );
    const out = join(root, 'run');
    const child = spawnGameday(root, ['run', file, '--out', out, '--keep-up']);
    expect(await eventually(async () => faultStarted(join(out, 'events.jsonl')), 30_000)).toBe(
      true,
    );
    const state = readStateIfAny(root)!;
    pids.push(...statePids(state));
    child.kill('SIGHUP');
    const result = await child;
    expect(result.exitCode, String(result.stderr)).toBe(130);
    expect(String(result.stderr)).toMatch(/SIGHUP: stopping the run/);
    // Healed by gameday itself, 20 s before the step (and the watchdog) would have.
    expect(await linkToxics(state)).toEqual([]);
    expect(await regionsAnswer(root)).toBe(true);
  });
});

function faultStarted(events: string, count = 1): boolean {
  if (!existsSync(events)) return false;
  const lines = readFileSync(events, 'utf8').split('\n').filter(Boolean);
  return lines.filter((l) => (JSON.parse(l) as RunEvent).type === 'fault-start').length >= count;
}
