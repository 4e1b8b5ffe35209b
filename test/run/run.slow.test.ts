// `gameday run` end to end on the local driver: contract files, the fault schedule, the
// verdicts the store's design implies, and healing on SIGINT. Spawns the real CLI.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryEvent, Report, RunEvent } from '../../src/model.js';
import { alive, cleanup, gameday, readState, statePids, tempRoot } from '../topology/helpers.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'gameday.js');
const roots: string[] = [];
const pids: number[] = [];

afterEach(async () => {
  for (const root of roots.splice(0)) await cleanup(root, pids.splice(0));
});

function scenario(root: string, writes: 'async' | 'sync', extra = ''): string {
  const file = join(root, `partition-${writes}.yaml`);
  writeFileSync(
    file,
    `name: partition-${writes}
description: short replication partition
duration: 6s
warmup: 1s
settle: 5s
topology:
  store: {writes: ${writes}}
workload: {kind: register, rate: 120, keys: 8, timeout: 500ms}
steps:
  - {at: 1s, duration: 3s, fault: partition, regions: [us, eu], scope: replication}
slo:
  split_brain_writes: 0
  availability: ">= 50%"
${extra}`,
  );
  return file;
}

function lines<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as T);
}

/** Contract of DESIGN.md section 6, checked line by line. */
function assertContractHistory(history: HistoryEvent[]): void {
  const inFlight = new Map<string, HistoryEvent>();
  let last = -Infinity;
  for (const e of history) {
    expect(typeof e.time).toBe('number');
    expect(e.time).toBeGreaterThanOrEqual(last);
    last = e.time;
    expect(['invoke', 'ok', 'fail', 'info']).toContain(e.type);
    expect(['direct', 'router']).toContain(e.via);
    expect(typeof e.process).toBe('string');
    expect(typeof e.key).toBe('string');
    const open = inFlight.get(e.process);
    if (e.type === 'invoke') {
      expect(open, `${e.process} has two operations in flight`).toBeUndefined();
      if (e.f === 'read') expect(e.value).toBeNull();
      inFlight.set(e.process, e);
    } else {
      expect(open?.f).toBe(e.f);
      expect(open?.key).toBe(e.key);
      inFlight.delete(e.process);
    }
  }
}

async function runScenario(root: string, file: string, out: string) {
  const r = await gameday(root, ['run', file, '--out', out, '--seed', '3', '--ci'], 90_000);
  return { ...r, report: JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report };
}

describe('gameday run', () => {
  it('async writes: contract files, schedule kept, split-brain found, nothing left running', async () => {
    const root = tempRoot();
    roots.push(root);
    const out = join(root, 'run');
    const r = await runScenario(root, scenario(root, 'async'), out);
    expect(r.exitCode, r.stderr).toBe(1);
    for (const f of [
      'scenario.yaml',
      'history.jsonl',
      'events.jsonl',
      'final.json',
      'junit.xml',
      'report.html',
    ]) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    assertContractHistory(lines<HistoryEvent>(join(out, 'history.jsonl')));
    const events = lines<RunEvent>(join(out, 'events.jsonl'));
    const start = events.find((e) => e.type === 'fault-start')!;
    const end = events.find((e) => e.type === 'fault-end')!;
    expect(start.time - 2000).toBeGreaterThanOrEqual(0);
    expect(start.time - 2000).toBeLessThan(500);
    expect(end.time - 5000).toBeLessThan(500);
    const final = JSON.parse(readFileSync(join(out, 'final.json'), 'utf8'));
    expect(Object.keys(final.regions)).toEqual(['us', 'eu']);
    expect(r.report.checks.splitBrainWrites.pairs).toBeGreaterThan(0);
    expect(r.report.slos.find((s) => s.name === 'split_brain_writes')?.pass).toBe(false);
    // The run object (issue 17), also kept as run.json so `check` and `--replay` find it.
    expect(r.report.run).toMatchObject({
      scenario: 'partition-async',
      seed: 3,
      driver: 'local',
      store: { kind: 'kvstore', writes: 'async' },
    });
    expect(r.report.run?.durationMs).toBeGreaterThan(6000);
    expect(r.report.run?.scenarioSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')).seed).toBe(3);
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toContain(
      '<property name="run.seed" value="3"/>',
    );
    expect(existsSync(join(root, '.gameday', 'state.json'))).toBe(false);
  });

  it('sync writes: no split-brain under the same partition, and lower availability', async () => {
    // Side by side, each in its own state dir: the same load on both.
    const [syncRoot, asyncRoot] = [tempRoot(), tempRoot()];
    roots.push(syncRoot, asyncRoot);
    const [sync, async_] = await Promise.all([
      runScenario(syncRoot, scenario(syncRoot, 'sync'), join(syncRoot, 'run')),
      runScenario(asyncRoot, scenario(asyncRoot, 'async'), join(asyncRoot, 'run')),
    ]);
    expect(sync.report.checks.splitBrainWrites.pairs).toBe(0);
    expect(sync.report.checks.availability.overall).toBeLessThan(
      async_.report.checks.availability.overall,
    );
  });

  it('SIGINT mid-fault heals every link and keeps the partial history', async () => {
    const root = tempRoot();
    roots.push(root);
    const out = join(root, 'interrupted');
    const child = execa(
      process.execPath,
      [BIN, 'run', scenario(root, 'async'), '--out', out, '--keep-up', '--ci'],
      { reject: false, env: { GAMEDAY_STATE_DIR: root, NO_COLOR: '1' }, timeout: 60_000 },
    );
    let stderr = '';
    await new Promise<void>((resolve) => {
      child.stderr!.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes('inject s1')) resolve();
      });
    });
    const state = readState(root);
    pids.push(...statePids(state));
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode, result.stderr).toBe(130);
    const proxies = (await (await fetch(`${state.toxiproxy.url}/proxies`)).json()) as Record<
      string,
      { enabled: boolean; toxics: unknown[] }
    >;
    for (const [name, proxy] of Object.entries(proxies)) {
      expect(proxy.toxics, name).toEqual([]);
      expect(proxy.enabled, name).toBe(true);
    }
    for (const region of Object.values(state.regions)) {
      expect((await fetch(`${region.clientUrl}/health`)).status).toBe(200);
    }
    expect(readFileSync(join(out, 'history.jsonl'), 'utf8').length).toBeGreaterThan(0);
    expect((await gameday(root, ['down'])).exitCode).toBe(0);
    for (const pid of statePids(state)) expect(alive(pid)).toBe(false);
  });
});
