// The dead man's switch cannot be switched off by accident: a killed watchdog is restarted by its
// partner (or by any later command, or a run's heartbeat), and corrupt state files still leave
// `heal` and `down` able to undo everything, found by gameday's mark on its processes.
import { existsSync, mkdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  alive,
  cleanup,
  eventually,
  gameday,
  leftovers,
  linkToxics,
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
    pids.push(...watchdogs(root));
    await cleanup(root, pids.splice(0));
  }
});

function pidIn(root: string, file: string): number | undefined {
  const path = join(root, '.gameday', file);
  return existsSync(path) ? Number(readFileSync(path, 'utf8')) : undefined;
}

function watchdogs(root: string): number[] {
  return ['watchdog.pid', 'watchdog-b.pid'].flatMap((f) => pidIn(root, f) ?? []).filter(alive);
}

function processLetter(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

async function upTopology(): Promise<string> {
  const root = tempRoot();
  roots.push(root);
  const up = await gameday(root, ['up']);
  expect(up.exitCode, up.stderr).toBe(0);
  pids.push(...statePids(readState(root)));
  return root;
}

async function fault(root: string, args: string[]): Promise<number> {
  const r = await gameday(root, ['fault', ...args, '--json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return Date.parse((JSON.parse(r.stdout) as { deadline: string }).deadline);
}

describe('a killed watchdog', () => {
  it('is restarted by its partner: a --ttl 3s partition is gone by its deadline + 2 s', async () => {
    const root = await upTopology();
    const first = pidIn(root, 'watchdog.pid')!;
    const deadline = await fault(root, ['partition', 'us', 'eu', '--ttl', '3s']);
    process.kill(first, 'SIGKILL');
    const state = readState(root);
    expect((await linkToxics(state)).length).toBeGreaterThan(0);
    // No gameday command from here on: only the watchdogs act.
    const healed = await eventually(
      async () => (await linkToxics(state)).length === 0,
      deadline + 2000 - Date.now(),
    );
    expect(healed, `toxics left ${Date.now() - deadline} ms past the deadline`).toBe(true);
    const now = watchdogs(root);
    expect(now).toHaveLength(2);
    expect(now).not.toContain(first);
    expect(readFileSync(join(root, '.gameday', 'logs', 'watchdog.log'), 'utf8')).toMatch(
      /watchdog a is gone: restarted it \(pid \d+\)/,
    );
  });

  it('both killed at once: the next command restarts them and status tells the truth', async () => {
    const root = await upTopology();
    const deadline = await fault(root, ['partition', 'us', 'eu', '--ttl', '2s', '--id', 'p1']);
    const state = readState(root);
    for (const pid of watchdogs(root)) process.kill(pid, 'SIGKILL');
    expect(await eventually(async () => watchdogs(root).length === 0, 3000)).toBe(true);
    await new Promise((r) => setTimeout(r, Math.max(0, deadline + 1000 - Date.now())));
    expect((await linkToxics(state)).length).toBeGreaterThan(0);
    const status = await gameday(root, ['status']);
    expect(status.exitCode, status.stderr).toBe(0);
    expect(status.stderr).toMatch(
      /a watchdog was not running with 1 fault\(s\) in force: restarted/,
    );
    // Restarted before status looked: overdue and about to be healed, or healed already.
    expect(status.stdout).toMatch(
      /p1 partition .*deadline passed \d+s ago: the watchdog heals it now|faults: none/,
    );
    expect(status.stdout).toMatch(/watchdog {2}running {2}pid \d+/);
    expect(await eventually(async () => (await linkToxics(state)).length === 0, 3000)).toBe(true);
  });
});

describe('corrupt state files', () => {
  it('state.json cut to 200 bytes: exit 3 with the fix, heal resumes and cleans, down stops all', async () => {
    const root = await upTopology();
    await fault(root, ['partition', 'us', 'eu', '--ttl', '10m']);
    await fault(root, ['pause', 'eu', '--ttl', '10m']);
    const state = readState(root);
    const eu = state.regions.eu!.pid!;
    expect(processLetter(eu)).toBe('T');
    truncateSync(join(root, '.gameday', 'state.json'), 200);
    const status = await gameday(root, ['status']);
    expect(status.exitCode).toBe(3);
    expect(status.stderr).toMatch(
      /state\.json is unreadable .*\n.*fix: .*gameday heal.*gameday down/,
    );
    expect(status.stderr).not.toMatch(/internal error| {4}at /);
    const heal = await gameday(root, ['heal']);
    expect(heal.exitCode, heal.stderr).toBe(0);
    expect(heal.stdout).toMatch(new RegExp(`resumed pid ${eu} `));
    expect(heal.stdout).toMatch(/every Toxiproxy link clean and enabled/);
    expect(processLetter(eu)).not.toBe('T');
    expect(await linkToxics(state)).toEqual([]);
    const up = await gameday(root, ['up']);
    expect(up.exitCode).toBe(2);
    expect(up.stderr).toMatch(/processes it started still run \(pids .*\)\n.*fix: .*gameday down/);
    const down = await gameday(root, ['down']);
    expect(down.exitCode, down.stderr).toBe(0);
    expect(down.stdout).toMatch(/state\.json was unreadable .*\n {2}pids \d+/);
    expect(leftovers(root)).toEqual([]);
    expect(statePids(state).filter(alive)).toEqual([]);
  });

  it('state.json gone while its processes run: up refuses over them, down stops them', async () => {
    const root = await upTopology();
    rmSync(join(root, '.gameday', 'state.json'));
    const orphans = leftovers(root);
    expect(orphans.length).toBeGreaterThan(0);
    const again = await gameday(root, ['up']);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toMatch(
      /a start that did not finish left behind .*\(pids .*\)\n.*fix: .*gameday down/,
    );
    const down = await gameday(root, ['down']);
    expect(down.exitCode, down.stderr).toBe(0);
    expect(down.stdout).toMatch(/no state\.json .*\n {2}pids \d+/);
    expect(leftovers(root)).toEqual([]);
  });

  it('a run SIGKILLed while starting its topology: the next up takes that topology down', async () => {
    const root = tempRoot();
    roots.push(root);
    const run = spawnGameday(root, ['run', 'baseline', '--out', join(root, 'run')]);
    // Killed once its first process is recorded, before the topology is complete (no watchdog
    // runs yet): state.json already names the run as the owner.
    const recorded = await eventually(
      async () => (readStateIfAny(root)?.toxiproxy.pid ?? 0) > 0,
      30_000,
    );
    run.kill('SIGKILL');
    await run;
    expect(recorded).toBe(true);
    const orphan = readState(root);
    expect(orphan.owner?.pid).toBe(run.pid);
    pids.push(...statePids(orphan));
    expect(statePids(orphan).filter(alive).length).toBeGreaterThan(0);
    const up = await gameday(root, ['up']);
    expect(up.exitCode, up.stderr).toBe(0);
    expect(up.stderr).toContain(`took down the topology of run pid ${run.pid}`);
    expect(statePids(orphan).filter(alive)).toEqual([]);
    // Nothing of the dead run is left, not even a store it spawned but never recorded.
    const fresh = [...statePids(readState(root)), ...watchdogs(root)];
    pids.push(...fresh);
    expect(
      leftovers(root)
        .map(Number)
        .filter((pid) => !fresh.includes(pid)),
    ).toEqual([]);
  });

  it('faults.json garbled: the watchdog heals everything at once; heal exits 0', async () => {
    const root = await upTopology();
    await fault(root, ['pause', 'eu', '--ttl', '10m']);
    await fault(root, ['latency', 'us', 'eu', '--ms', '300', '--ttl', '10m']);
    const state = readState(root);
    const eu = state.regions.eu!.pid!;
    writeFileSync(join(root, '.gameday', 'faults.json'), '[{"spec": {"id": "x"');
    expect(await eventually(async () => processLetter(eu) !== 'T', 5000)).toBe(true);
    expect(await eventually(async () => (await linkToxics(state)).length === 0, 3000)).toBe(true);
    const log = join(root, '.gameday', 'logs', 'watchdog.log');
    const logged = async () =>
      /faults\.json was unreadable: healed everything/.test(readFileSync(log, 'utf8'));
    expect(await eventually(logged, 3000), readFileSync(log, 'utf8')).toBe(true);
    await fault(root, ['partition', 'us', 'eu', '--ttl', '10m']);
    writeFileSync(join(root, '.gameday', 'faults.json'), '{');
    const heal = await gameday(root, ['heal']);
    expect(heal.exitCode, heal.stderr).toBe(0);
    expect(await linkToxics(state)).toEqual([]);
  });
});

describe('two `up` at once over a stale lock', () => {
  it('one starts the topology, the other is refused; down then leaves nothing', async () => {
    for (let round = 0; round < 2; round++) {
      const root = tempRoot();
      roots.push(root);
      mkdirSync(join(root, '.gameday'), { recursive: true });
      // An empty lock: an older gameday killed between creating and writing it.
      writeFileSync(join(root, '.gameday', 'lock'), '');
      const both = await Promise.all([gameday(root, ['up']), gameday(root, ['up'])]);
      pids.push(...statePids(readState(root)));
      const codes = both.map((r) => r.exitCode).sort();
      expect(codes, both.map((r) => r.stderr).join('\n')).toEqual([0, 2]);
      const refused = both.find((r) => r.exitCode === 2)!;
      expect(refused.stderr).toMatch(/another gameday command \(pid \d+\)|already running/);
      const down = await gameday(root, ['down']);
      expect(down.exitCode, down.stderr).toBe(0);
      expect(leftovers(root)).toEqual([]);
    }
  });
});
