// gameday under faults of its own: Toxiproxy dying mid-run, a store crashing outside any fault,
// an unwritable run directory, a stale state.json and a lock held by another gameday.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import type { FinalState } from '../../src/model.js';
import {
  alive,
  cleanup,
  eventually,
  gameday,
  linkToxics,
  put,
  read,
  readState,
  spawnGameday,
  statePids,
  tempRoot,
} from '../topology/helpers.js';

const roots: string[] = [];
const pids: number[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await cleanup(root, pids.splice(0));
});

function scratch(): string {
  const root = tempRoot();
  roots.push(root);
  return root;
}

/** A long run with one late fault, so whatever we break happens outside it. */
function longScenario(root: string): string {
  const file = join(root, 'long.yaml');
  writeFileSync(
    file,
    `name: long
duration: 60s
warmup: 1s
settle: 2s
workload: {kind: register, rate: 50, keys: 4, timeout: 500ms}
steps:
  - {at: 50s, duration: 5s, fault: partition, regions: [us, eu]}
`,
  );
  return file;
}

/** Starts a run and resolves once its workload is going (the history has lines). */
async function startRun(root: string, extra: string[] = []) {
  const out = join(root, 'run');
  const child = spawnGameday(root, ['run', longScenario(root), '--out', out, ...extra]);
  const lines = { at: new Map<string, number>() };
  child.stdout?.on('data', (d: Buffer) => stamp(lines.at, String(d)));
  child.stderr?.on('data', (d: Buffer) => stamp(lines.at, String(d)));
  const going = await eventually(async () => historyLines(out) > 20, 30_000);
  expect(going).toBe(true);
  pids.push(...statePids(readState(root)));
  return { child, out, seenAt: lines.at };
}

function stamp(seen: Map<string, number>, text: string): void {
  for (const line of text.split('\n')) if (line && !seen.has(line)) seen.set(line, Date.now());
}

function historyLines(out: string): number {
  const file = join(out, 'history.jsonl');
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').length : 0;
}

describe('gameday under faults of its own', () => {
  it('Toxiproxy dies mid-run: exit 3 within a second, links back clean, run checkable', async () => {
    const root = scratch();
    const { child, out, seenAt } = await startRun(root, ['--keep-up']);
    const toxiproxyPid = readState(root).toxiproxy.pid!;
    process.kill(toxiproxyPid, 'SIGKILL');
    const killedAt = Date.now();
    const result = await child;
    expect(result.exitCode, String(result.stderr)).toBe(3);
    expect(String(result.stderr)).toMatch(/error: Toxiproxy .* stopped answering/);
    const stopping = [...seenAt].find(([line]) => /stopping/.test(line));
    expect(stopping, [...seenAt.keys()].join('\n')).toBeDefined();
    expect(stopping![1] - killedAt).toBeLessThan(1000);
    // --keep-up: the regions run on, Toxiproxy is back with every link clean.
    const state = readState(root);
    pids.push(...statePids(state));
    expect(state.toxiproxy.pid).not.toBe(toxiproxyPid);
    expect(await linkToxics(state)).toEqual([]);
    const [us, eu] = [state.regions.us!, state.regions.eu!];
    expect(await put(us.clientUrl, 'after', 'x')).toBe(200);
    expect(await eventually(async () => (await read(eu.clientUrl, 'after')) === 'x', 5000)).toBe(
      true,
    );
    // The partial run is kept and judged.
    const final = JSON.parse(readFileSync(join(out, 'final.json'), 'utf8')) as FinalState;
    expect(final.settled).toBe(false);
    expect(readFileSync(join(out, 'events.jsonl'), 'utf8')).toContain('"topology-failed"');
    const check = await gameday(root, ['check', out, '--json']);
    expect([0, 1], check.stderr).toContain(check.exitCode);
    expect(JSON.parse(check.stdout)).toHaveProperty('verdict');
  });

  it('a store crashing outside any fault stops the run as a topology failure', async () => {
    const root = scratch();
    const { child } = await startRun(root);
    process.kill(readState(root).regions.eu!.pid!, 'SIGKILL');
    const result = await child;
    expect(result.exitCode, String(result.stderr)).toBe(3);
    expect(String(result.stderr)).toMatch(/error: store eu is down outside any fault/);
    // Reported as the store's failure: no verdict table, no SLO rows.
    expect(String(result.stdout) + String(result.stderr)).not.toMatch(/verdict: |availability/);
    expect(existsSync(join(root, '.gameday', 'state.json'))).toBe(false);
  });

  it('region faults of the scenario are not mistaken for crashes', async () => {
    const root = scratch();
    const file = join(root, 'regions.yaml');
    writeFileSync(
      file,
      `name: regions
duration: 7s
warmup: 1s
settle: 3s
workload: {kind: register, rate: 50, keys: 4, timeout: 500ms}
steps:
  - {at: 0s, duration: 2s, fault: kill-region, regions: [eu]}
  - {at: 3s, duration: 1s, fault: stop-region, regions: [us]}
  - {at: 5s, duration: 1s, fault: pause-region, regions: [eu]}
`,
    );
    const r = await gameday(root, ['run', file, '--out', join(root, 'run')], 90_000);
    expect([0, 1], r.stderr).toContain(r.exitCode);
    expect(r.stdout).toMatch(/verdict: /);
  });

  it('an unwritable run directory is refused before anything starts', async () => {
    const root = scratch();
    writeFileSync(join(root, 'a-file'), '');
    const r = await gameday(root, [
      'run',
      longScenario(root),
      '--out',
      join(root, 'a-file', 'run'),
    ]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/error: cannot write the run directory .*a-file\/run/);
    expect(r.stderr).toMatch(/fix: choose a writable place with --out DIR/);
    expect(existsSync(join(root, '.gameday', 'state.json'))).toBe(false);
  });

  it('a run directory that fills up mid-run: stopped at once, healed, exit 2', async () => {
    const root = scratch();
    const full = join(root, 'full');
    mkdirSync(full);
    // A 256 KB tmpfs fills within seconds at 50 ops/s; without mount rights there is no disk
    // to fill safely, and the test says so.
    const mounted = await execa('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', full], {
      reject: false,
    });
    if (mounted.exitCode !== 0) {
      console.warn(`skipped: cannot mount a small tmpfs (${mounted.stderr})`);
      return;
    }
    try {
      const file = longScenario(root);
      const r = await gameday(root, ['run', file, '--out', join(full, 'run'), '--keep-up'], 90_000);
      pids.push(...statePids(readState(root)));
      expect(r.exitCode, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/error: cannot write the run directory: .*ENOSPC/);
      expect(r.stderr).toMatch(/fix: the run was stopped and healed/);
      expect(await linkToxics(readState(root))).toEqual([]);
    } finally {
      // The stores log into the run directory: stop them before the disk goes away.
      await gameday(root, ['down']);
      await execa('umount', [full], { reject: false });
    }
  });

  it('a stale state.json from a dead topology does not block the next up', async () => {
    const root = scratch();
    expect((await gameday(root, ['up'])).exitCode).toBe(0);
    const dead = readState(root);
    for (const pid of statePids(dead)) process.kill(pid, 'SIGKILL');
    await eventually(async () => statePids(dead).every((p) => !alive(p)), 5000);
    const status = await gameday(root, ['status']);
    expect(status.stdout).toMatch(/the topology died \(stale state\)\nfix: `gameday down`/);
    const fault = await gameday(root, ['fault', 'partition', 'us', 'eu']);
    expect(fault.exitCode).toBe(3);
    expect(fault.stderr).toMatch(/fix: .*gameday down.* then .*gameday up/);
    const up = await gameday(root, ['up']);
    expect(up.exitCode, up.stderr).toBe(0);
    pids.push(...statePids(readState(root)));
    expect(readState(root).createdAt).not.toBe(dead.createdAt);
  });

  it('a lock held by a live gameday is refused with its pid; a dead one is taken over', async () => {
    const root = scratch();
    expect((await gameday(root, ['up'])).exitCode).toBe(0);
    pids.push(...statePids(readState(root)));
    const lock = join(root, '.gameday', 'lock');
    mkdirSync(join(root, '.gameday'), { recursive: true });
    writeFileSync(lock, String(process.pid));
    const busy = await gameday(root, ['fault', 'partition', 'us', 'eu']);
    expect(busy.exitCode).toBe(2);
    expect(busy.stderr).toContain(`another gameday command (pid ${process.pid}) is changing`);
    expect(busy.stderr).toMatch(/fix: wait for it to finish/);
    expect(await linkToxics(readState(root))).toEqual([]);
    writeFileSync(lock, '2147483646');
    const taken = await gameday(root, ['fault', 'partition', 'us', 'eu']);
    expect(taken.exitCode, taken.stderr).toBe(0);
    const second = await gameday(root, ['up']);
    expect(second.exitCode).toBe(2);
    expect(second.stderr).toMatch(/a topology is already running .*\n.*fix: stop it first/);
  });
});
