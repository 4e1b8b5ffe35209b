// gameday drill on a real topology: a script of commands typed "from another terminal" (fault,
// mark, heal, drill stop) yields a run directory `gameday check` judges, with the manual fault
// as a phase; nothing is left running. On a topology `gameday up` started, SIGTERM ends the
// drill like `drill stop` (checks, verdict) and the topology stays up.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/model.js';
import * as h from '../topology/helpers.js';

const roots: string[] = [];
const seen: number[] = [];
afterAll(async () => {
  for (const root of roots.splice(0)) await h.cleanup(root, seen.splice(0));
});

function events(out: string): RunEvent[] {
  const file = join(out, 'events.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as RunEvent);
}

const live = (out: string) => async () => events(out).some((e) => e.phase === 'faults');

async function ok(root: string, args: string[]): Promise<h.CliResult> {
  const r = await h.gameday(root, args);
  expect(r.exitCode, `gameday ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r;
}

// Both drills at once, each in its own state dir.
describe.concurrent('gameday drill', () => {
  it('records what a script typed, checks it like a run, and leaves nothing running', async () => {
    const root = h.tempRoot();
    roots.push(root);
    const out = join(root, 'drill');
    // The response and failover SLOs are judged on what is typed: a partition, then a mark.
    const typed = join(root, 'typed.yaml');
    writeFileSync(
      typed,
      [
        'name: typed',
        'duration: 30s',
        'workload: { kind: register, routerClients: 2 }',
        'steps:',
        '  - { id: kill-eu, at: 10s, duration: 5s, fault: kill-region, region: eu }',
        'slo:',
        "  time_to_detect: '< 60s'",
        "  failover_time: '< 30s'",
        "  convergence_time: '< 60s'",
        '  lost_writes: 0',
      ].join('\n'),
    );
    const args = ['drill', '--ci', '--rate', '40', '--out', out, '--topology', typed];
    const child = h.spawnGameday(root, args);
    expect(await h.eventually(live(out), 60_000)).toBe(true);
    const drillPids = h.statePids(h.readState(root));
    seen.push(...drillPids);

    await ok(root, ['fault', 'partition', 'us', 'eu', '--id', 'cut']);
    await new Promise((r) => setTimeout(r, 1500));
    await ok(root, ['mark', 'lag alert fired', '--kind', 'detected']);
    await new Promise((r) => setTimeout(r, 1500));
    await ok(root, ['heal']);
    await new Promise((r) => setTimeout(r, 1000));
    const stop = await ok(root, ['drill', 'stop']);
    expect(stop.stdout).toMatch(/asked the drill \(pid \d+\) to stop/);

    const result = await child;
    // No region fault was typed: failover_time is not measured, which fails the verdict.
    expect(result.exitCode, String(result.stderr)).toBe(1);
    expect(String(result.stdout)).toMatch(/verdict: /);
    expect(String(result.stdout)).toMatch(/by hand[^]*detected: lag alert fired/);

    const recorded = events(out);
    const manual = recorded.filter((e) => e.source === 'manual');
    expect(manual.map((e) => [e.type, e.id ?? e.kind])).toEqual([
      ['fault-start', 'cut'],
      ['mark', 'detected'],
      ['fault-end', 'cut'],
    ]);
    const phases = recorded.map((e) => e.phase).filter((p) => p && p !== 'converged');
    expect(phases).toEqual(['warmup', 'faults', 'heal', 'settle', 'done']);
    for (const file of ['history.jsonl', 'final.json', 'report.json', 'junit.xml', 'report.html'])
      expect(existsSync(join(out, file)), file).toBe(true);
    const scenario = readFileSync(join(out, 'scenario.yaml'), 'utf8');
    expect(scenario).toMatch(/^# gameday drill: open-ended/);
    expect(scenario).not.toMatch(/^steps:/m);

    // check accepts the directory; the manual fault's window is a phase on the scenario clock.
    const check = await h.gameday(root, ['check', out, '--json']);
    expect([0, 1], check.stderr).toContain(check.exitCode);
    expect(check.exitCode).toBe(result.exitCode);
    const report = JSON.parse(check.stdout) as {
      slos: { name: string; measured: unknown; pass: boolean }[];
      checks: {
        convergence: { steps: { step: string; convergedMs: number | null }[] };
        availability: { byPhase: { phase: string; startMs: number; endMs: number }[] };
      };
    };
    const zero = recorded.find((e) => e.phase === 'faults')!.time;
    const slo = Object.fromEntries(report.slos.map((r) => [r.name, [r.measured, r.pass]]));
    expect(slo.time_to_detect).toEqual([
      expect.closeTo(manual[1]!.time - manual[0]!.time, 2),
      true,
    ]);
    expect(slo.failover_time).toEqual(['not measured', false]);
    // The run watched the typed heal converge (it tails its events.jsonl for heals).
    expect(report.checks.convergence.steps).toEqual([
      { step: 'cut', convergedMs: expect.any(Number) },
    ]);
    expect(slo.convergence_time![0]).toEqual(expect.any(Number));
    expect(slo.lost_writes).toEqual([0, true]);
    const judged = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as typeof report;
    expect(judged.slos).toEqual(report.slos);
    const during = report.checks.availability.byPhase.find((p) => p.phase === 'during:cut');
    expect(during).toMatchObject({
      startMs: manual[0]!.time - zero,
      endMs: manual[2]!.time - zero,
    });
    expect(report.checks.availability.byPhase.map((p) => p.phase)).toEqual([
      'before',
      'during:cut',
      'after:cut',
    ]);

    // Nothing left: no state, no live run, no stop request, no process of ours.
    for (const file of ['state.json', 'run.json', 'drill.stop'])
      expect(existsSync(join(root, '.gameday', file)), file).toBe(false);
    expect(h.leftovers(join(out, 'logs'))).toEqual([]);
    expect(h.leftovers(join(root, '.gameday', 'logs'))).toEqual([]);
    for (const pid of drillPids) expect(h.alive(pid), `pid ${pid}`).toBe(false);

    const none = await h.gameday(root, ['drill', 'stop']);
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toMatch(/no drill is live in [^]*fix: start one with `gameday drill`/);
  });

  it('on the `up` topology, SIGTERM ends the drill with its verdict and the topology stays up', async () => {
    const root = h.tempRoot();
    roots.push(root);
    await ok(root, ['up']);
    const state = h.readState(root);
    seen.push(...h.statePids(state));
    const out = join(root, 'drill');
    const child = h.spawnGameday(root, ['drill', '--ci', '--rate', '40', '--out', out]);
    expect(await h.eventually(live(out), 60_000)).toBe(true);
    const run = await h.gameday(root, ['run', '--out', join(root, 'other')]);
    expect(run.exitCode).toBe(2); // the topology is in use: a run cannot start another over it
    await new Promise((r) => setTimeout(r, 2000));
    child.kill('SIGTERM');
    const result = await child;
    expect([0, 1], String(result.stderr)).toContain(result.exitCode);
    expect(String(result.stderr)).toMatch(/SIGTERM: ending the drill/);
    expect(existsSync(join(out, 'report.json'))).toBe(true);
    expect(existsSync(join(root, '.gameday', 'run.json'))).toBe(false);
    // Still the same topology, every part alive.
    expect(h.readState(root).createdAt).toBe(state.createdAt);
    for (const pid of h.statePids(state)) expect(h.alive(pid), `pid ${pid}`).toBe(true);
    expect(JSON.parse((await ok(root, ['status', '--json'])).stdout).router.healthy).toBe(true);
  });
});
