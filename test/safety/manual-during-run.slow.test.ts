// A person acting during a live run (docs/safety.md): `fault kill eu`, `mark` and `heal` typed in
// another terminal are recorded in the run's events.jsonl (source: manual), the run goes on to
// its verdict, and nothing it or the heal started outlives it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/model.js';
import {
  alive,
  cleanup,
  eventually,
  gameday,
  leftovers,
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

/** Long enough to act by hand inside it on a loaded machine; one scenario step of its own. */
function scenario(root: string): string {
  const file = join(root, 'manual.yaml');
  writeFileSync(
    file,
    `name: manual
duration: 30s
warmup: 1s
settle: 3s
workload: {kind: register, rate: 40, keys: 4, timeout: 500ms}
steps:
  - {at: 26s, duration: 1s, fault: latency, regions: [us, eu], ms: 50}
`,
  );
  return file;
}

function events(out: string): RunEvent[] {
  const file = join(out, 'events.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as RunEvent);
}

/** True when something accepts connections on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

describe('acting by hand during a run', () => {
  it('a manual kill, mark and heal are events; the run ends with its verdict; nothing is left', async () => {
    const root = tempRoot();
    roots.push(root);
    const out = join(root, 'run');
    const child = spawnGameday(root, ['run', scenario(root), '--out', out]);
    const faultsPhase = () => events(out).some((e) => e.phase === 'faults');
    expect(await eventually(async () => faultsPhase(), 60_000)).toBe(true);
    const before = readState(root);
    pids.push(...statePids(before));
    const ours = [...leftovers(join(root, '.gameday', 'logs')), ...leftovers(join(out, 'logs'))];
    expect(ours.length).toBeGreaterThanOrEqual(4); // toxiproxy, router, two stores
    const oldEu = before.regions.eu!.pid!;
    const euPort = Number(new URL(before.regions.eu!.directUrl).port);

    const kill = await gameday(root, ['fault', 'kill', 'eu', '--id', 'by-hand']);
    expect(kill.exitCode, kill.stderr).toBe(0);
    expect(kill.stdout).toMatch(/recorded in the live run/);
    expect(alive(oldEu)).toBe(false);
    const mark = await gameday(root, ['mark', 'paged on-call', '--kind', 'detected']);
    expect(mark.exitCode, mark.stderr).toBe(0);
    const heal = await gameday(root, ['heal']);
    expect(heal.exitCode, heal.stderr).toBe(0);

    // The heal's new eu process is in state.json, alive, and the only one on eu's port.
    const newEu = readState(root).regions.eu!.pid!;
    pids.push(newEu);
    expect(newEu).not.toBe(oldEu);
    expect(alive(newEu)).toBe(true);

    const result = await child;
    expect([0, 1], String(result.stderr)).toContain(result.exitCode);
    expect(String(result.stdout)).toMatch(/verdict: /);
    expect(String(result.stderr)).not.toMatch(/port in use|outside any fault/);
    expect(String(result.stdout)).toMatch(/during the run, by hand[^]*detected: paged on-call/);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<h2>Marks</h2>');

    const recorded = events(out);
    const manual = recorded.filter((e) => e.source === 'manual');
    expect(manual.map((e) => [e.type, e.id ?? e.kind])).toEqual([
      ['fault-start', 'by-hand'],
      ['mark', 'detected'],
      ['fault-end', 'by-hand'],
    ]);
    expect(manual[0]).toMatchObject({ fault: 'kill-region', regions: ['eu'] });
    expect(manual[1]).toMatchObject({ text: 'paged on-call' });
    // On the run's clock: after the faults phase began, in the order they were typed.
    const faultsAt = recorded.find((e) => e.phase === 'faults')!.time;
    expect(manual[0]!.time).toBeGreaterThan(faultsAt);
    expect(manual[2]!.time).toBeGreaterThanOrEqual(manual[1]!.time);
    const scenarioStart = recorded.find((e) => e.type === 'fault-start' && e.id !== 'by-hand');
    expect(scenarioStart?.source).toBe('scenario');

    // The run's own end took everything down: no process of ours, nothing on eu's port.
    expect(existsSync(join(root, '.gameday', 'state.json'))).toBe(false);
    expect(existsSync(join(root, '.gameday', 'run.json'))).toBe(false);
    expect(leftovers(join(root, '.gameday', 'logs'))).toEqual([]);
    expect(leftovers(join(out, 'logs'))).toEqual([]);
    expect(alive(newEu)).toBe(false);
    expect(await listening(euPort)).toBe(false);

    // The run directory is checkable, the manual kill counted as a region fault.
    const check = await gameday(root, ['check', out, '--json']);
    expect([0, 1], check.stderr).toContain(check.exitCode);
    const report = JSON.parse(check.stdout) as { checks: { failover: { step: string }[] } };
    expect(report.checks.failover.map((f) => f.step)).toContain('by-hand');
  });

  it('mark with no live run is exit 2 with a clear message', async () => {
    const root = tempRoot();
    roots.push(root);
    const r = await gameday(root, ['mark', 'paged on-call']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(
      /error: no run is live in .*a mark belongs to a running `gameday run`/,
    );
    const bad = await gameday(root, ['mark', 'x', '--kind', 'paged']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/--kind paged is not a mark kind/);
  });
});
