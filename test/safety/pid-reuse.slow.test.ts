// state.json holds pids; after a crash the kernel may hand them to other processes. gameday
// signals only processes it started for this topology (marked by startDaemon), so a stale
// state.json can never make `down` or a fault kill someone else's process.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { isOurDaemon } from '../../src/proc/signals.js';
import type { TopologyState } from '../../src/topology/driver.js';
import { alive, cleanup, gameday, readState, statePids, tempRoot } from '../topology/helpers.js';

const roots: string[] = [];
const pids: number[] = [];
const decoys: ReturnType<typeof execa>[] = [];
afterEach(async () => {
  for (const d of decoys.splice(0)) d.kill('SIGKILL');
  for (const root of roots.splice(0)) await cleanup(root, pids.splice(0));
});

/** A state.json whose every pid now belongs to `pid`, a process gameday did not start. */
function staleState(root: string, pid: number): void {
  const region = (name: string) => ({
    name,
    directUrl: 'http://127.0.0.1:1',
    clientUrl: 'http://127.0.0.1:1',
    pid,
  });
  const state: TopologyState = {
    version: 1,
    driver: 'local',
    project: 'gameday-stale',
    createdAt: new Date(0).toISOString(),
    spec: {
      regions: ['us', 'eu'],
      store: { conflict: 'lww', writes: 'async', durability: 'fsync' },
      router: { interMs: 500, fall: 3, rise: 2, timeoutMs: 250 },
    },
    toxiproxy: { url: 'http://127.0.0.1:1', pid },
    router: { url: 'http://127.0.0.1:1', pid },
    regions: { us: region('us'), eu: region('eu') },
    links: [],
  };
  mkdirSync(join(root, '.gameday'), { recursive: true });
  writeFileSync(join(root, '.gameday', 'state.json'), JSON.stringify(state));
}

describe('recorded pids reused by other processes', () => {
  it('are left alone by down, and do not block the next up', async () => {
    const root = tempRoot();
    roots.push(root);
    const decoy = execa('sleep', ['60'], { reject: false });
    decoys.push(decoy);
    staleState(root, decoy.pid!);
    const down = await gameday(root, ['down']);
    expect(down.exitCode, down.stderr).toBe(0);
    expect(alive(decoy.pid!)).toBe(true);
    staleState(root, decoy.pid!);
    const up = await gameday(root, ['up']);
    expect(up.exitCode, up.stderr).toBe(0);
    pids.push(...statePids(readState(root)));
    expect(alive(decoy.pid!)).toBe(true);
  });

  it('while the processes a topology started carry its mark', async () => {
    const root = tempRoot();
    roots.push(root);
    expect((await gameday(root, ['up'])).exitCode).toBe(0);
    const started = statePids(readState(root));
    pids.push(...started);
    const logs = join(root, '.gameday', 'logs');
    expect(started.every((pid) => isOurDaemon(pid, [logs]))).toBe(true);
    expect(isOurDaemon(process.pid, [logs])).toBe(false);
    expect(started.some((pid) => isOurDaemon(pid, ['/elsewhere/.gameday/logs']))).toBe(false);
  });
});
