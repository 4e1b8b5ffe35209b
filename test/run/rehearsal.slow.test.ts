// Rehearsal steps end to end with the real CLI (issue 12, "Proof"): an action that hangs is
// killed at its timeout with its children; an abort condition heals within 1 s of being met;
// a manual step is confirmed by Enter through a real terminal (tmux); the failure paths of a
// probe, a wait and an action that cannot start. Short scenarios, written here.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryEvent, Report, RunEvent } from '../../src/model.js';
import { cleanup, gameday, tempRoot } from '../topology/helpers.js';

const REPO = join(import.meta.dirname, '..', '..');
const roots: string[] = [];

afterEach(async () => {
  for (const root of roots.splice(0)) await cleanup(root, []);
});

function lines<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as T);
}

/** Every process of ours whose environment names `root` (the topology's daemons carry it in
 * their log path, actions and their children in GAMEDAY_STATE_DIR): none may outlive a run. */
function leftovers(root: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.includes(') Z')) continue;
      if (readFileSync(`/proc/${pid}/environ`, 'utf8').includes(root)) found.push(pid);
    } catch {
      // Gone, or not ours to read.
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z');
  } catch {
    return false;
  }
}

interface Run {
  exitCode: number;
  stdout: string;
  stderr: string;
  events: RunEvent[];
  report: Report;
  out: string;
}

async function runIn(root: string, name: string, yaml: string): Promise<Run> {
  const file = join(root, `${name}.yaml`);
  writeFileSync(file, yaml);
  const out = join(root, `out-${name}`);
  const r = await gameday(root, ['run', file, '--out', out, '--seed', '5', '--ci'], 90_000);
  expect(existsSync(join(out, 'report.json')), `${r.stdout}\n${r.stderr}`).toBe(true);
  return {
    ...r,
    out,
    events: lines<RunEvent>(join(out, 'events.jsonl')),
    report: JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report,
  };
}

function only(events: RunEvent[], type: RunEvent['type']): RunEvent {
  const found = events.filter((e) => e.type === type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
}

/** An action whose shell leader sleeps and whose background child ignores SIGTERM: only a
 * kill of the whole group, escalated to SIGKILL, ends both. Their pids go to files in root. */
function hangingAction(root: string, extra: string): string {
  const script =
    `trap '' TERM; sleep 300 & echo $! > ${root}/child.pid; ` +
    `trap - TERM; echo $$ > ${root}/leader.pid; sleep 301`;
  return `name: hang
description: an action that hangs
duration: 4s
warmup: 1s
settle: 1s
workload: {kind: register, rate: 40}
steps:
  - id: hang
    step: action
    at: 0s
    timeout: 1s
    command: [sh, -c, ${JSON.stringify(script)}]${extra}
`;
}

function pidIn(file: string): number {
  const pid = Number(readFileSync(file, 'utf8').trim());
  expect(pid).toBeGreaterThan(1);
  return pid;
}

describe('rehearsal steps with the real CLI', () => {
  it('an action that hangs is killed at its timeout with its children; the run fails', async () => {
    const root = tempRoot();
    roots.push(root);
    const r = await runIn(root, 'hang', hangingAction(root, ''));
    expect(r.exitCode, r.stderr).toBe(1);
    const start = only(r.events, 'action-start');
    const end = only(r.events, 'action-end');
    expect(end).toMatchObject({ id: 'hang', ok: false, timedOut: true, exitCode: null });
    // Killed at its timeout (1 s), not before, and not left to run its 300 s.
    expect(end.time - start.time).toBeGreaterThanOrEqual(1000);
    expect(end.time - start.time).toBeLessThan(10_000);
    const row = r.report.slos.find((s) => s.name === 'action_hang');
    expect(row).toMatchObject({ pass: false, measured: 'timed out' });
    expect(r.report.verdict).toBe('fail');
    for (const f of ['leader.pid', 'child.pid']) expect(alive(pidIn(join(root, f))), f).toBe(false);
    expect(leftovers(root)).toEqual([]);
  }, 120_000);

  it('with allowFailure the hanging action is killed and recorded as failed, the run passes', async () => {
    const root = tempRoot();
    roots.push(root);
    const r = await runIn(root, 'hang', hangingAction(root, '\n    allowFailure: true'));
    expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(only(r.events, 'action-end')).toMatchObject({
      ok: false,
      timedOut: true,
      allowFailure: true,
    });
    expect(r.report.checks.rehearsal?.actions).toEqual([
      expect.objectContaining({ step: 'hang', ok: false, timedOut: true, allowFailure: true }),
    ]);
    expect(r.report.slos.some((s) => s.name === 'action_hang')).toBe(false);
    for (const f of ['leader.pid', 'child.pid']) expect(alive(pidIn(join(root, f))), f).toBe(false);
    expect(leftovers(root)).toEqual([]);
  }, 120_000);

  it('an abort condition heals within 1 s of being met and fails the run', async () => {
    const root = tempRoot();
    roots.push(root);
    // The router checks health every 20 s: with eu killed it keeps sending it half the
    // entry's traffic, so the entry's availability over 1 s falls well below 80 %.
    const r = await runIn(
      root,
      'abort',
      `name: abort
description: abort on the entry's availability
duration: 8s
warmup: 1s
settle: 2s
topology:
  router: { inter: 20s, fall: 3, rise: 2 }
workload: {kind: register, rate: 60, routerClients: 4}
steps:
  - { id: outage, at: 1s, duration: 6s, fault: kill-region, region: eu }
abort:
  - { availability: '< 80%', for: 1s }
`,
    );
    expect(r.exitCode, r.stderr).toBe(1);
    const start = only(r.events, 'fault-start');
    const abort = only(r.events, 'abort');
    const end = only(r.events, 'fault-end');
    expect(abort.condition).toBe('availability < 80% for 1s');
    expect(abort.time).toBeGreaterThan(start.time);
    // The heal began within 1 s of the condition being met (planned: 6 s after the start),
    // and took effect (eu answers again) before the run went on.
    expect(end.startedTime! - abort.time).toBeGreaterThanOrEqual(0);
    expect(end.startedTime! - abort.time).toBeLessThan(1000);
    expect(end.time).toBeGreaterThanOrEqual(end.startedTime!);
    // Brute force: the condition held when it fired (the entry's operations completed in
    // the second before, 100 ms buckets as the live window counts them).
    const history = lines<HistoryEvent>(join(r.out, 'history.jsonl'));
    const from = Math.floor((abort.time - 1000) / 100) * 100;
    const window = history.filter(
      (e) =>
        e.type !== 'invoke' &&
        e.via === 'router' &&
        !e.key.startsWith('probe:') &&
        e.time >= from &&
        e.time <= abort.time,
    );
    expect(window.length).toBeGreaterThan(0);
    expect(window.filter((e) => e.type === 'ok').length / window.length).toBeLessThan(0.8);
    expect(r.stdout).toMatch(/aborted: availability < 80% for 1s at \d+\.\d s/);
    expect(r.report.aborted?.condition).toBe('availability < 80% for 1s');
    expect(r.report.slos.find((s) => s.name === 'aborted')?.pass).toBe(false);
    expect(leftovers(root)).toEqual([]);
  }, 120_000);

  it('failure paths: a failing command probe, a wait that times out, an action that cannot start', async () => {
    const root = tempRoot();
    roots.push(root);
    const r = await runIn(
      root,
      'fails',
      `name: fails
description: each step kind failing
duration: 3s
warmup: 1s
settle: 1s
workload: {kind: register, rate: 40}
steps:
  - { id: chk, step: probe, at: 0s, command: [sh, -c, 'exit 3'] }
  - { id: w, step: wait, at: 0s, probe: chk, every: 100ms, timeout: 1s }
  - { id: nocmd, step: action, at: 0s, command: [gameday-no-such-command-7f3a], timeout: 2s }
slo:
  probe_chk: '>= 99%'
  wait_w: '< 30s'
`,
    );
    // A failed run, not a gameday bug (4) nor bad input (2).
    expect(r.exitCode, r.stderr).toBe(1);
    const slo = (name: string) => r.report.slos.find((s) => s.name === name);
    expect(slo('probe_chk')).toMatchObject({ pass: false, measured: 0 });
    expect(r.events.find((e) => e.type === 'probe')).toMatchObject({
      id: 'chk',
      ok: false,
      detail: 'exit 3',
    });
    // The wait gave up at its timeout: "never" met (docs/checks.md), after at least 1 s.
    expect(slo('wait_w')).toMatchObject({ pass: false, measured: 'never' });
    const waitEnd = only(r.events, 'wait-end');
    expect(waitEnd).toMatchObject({ id: 'w', ok: false });
    expect(waitEnd.waitedMs).toBeGreaterThanOrEqual(1000);
    expect(slo('action_nocmd')?.pass).toBe(false);
    const end = only(r.events, 'action-end');
    expect(end).toMatchObject({ id: 'nocmd', ok: false, exitCode: null, timedOut: false });
    expect(end.output).toContain('ENOENT');
    expect(leftovers(root)).toEqual([]);
  }, 120_000);

  it('a manual step is confirmed by Enter through a real terminal (tmux)', async () => {
    const root = tempRoot();
    roots.push(root);
    const socket = `gameday-test-${process.pid}-${Date.now()}`;
    const session = 'manual';
    const file = join(root, 'manual.yaml');
    const out = join(root, 'out-manual');
    const exitFile = join(root, 'exit');
    const TIMEOUT_MS = 8000;
    const INTERVAL_MS = 2000;
    writeFileSync(
      file,
      `name: manual
description: a person confirms
duration: 9s
warmup: 1s
settle: 1s
workload: {kind: register, rate: 20}
steps:
  - id: page
    step: manual
    at: 0s
    instruction: 'acknowledge the page zq7 then press Enter'
    timeout: 8s
`,
    );
    const tmux = (...args: string[]) =>
      execa('tmux', ['-L', socket, ...args], { reject: false, timeout: 10_000 });
    const command =
      `cd ${REPO} && env -u CI GAMEDAY_STATE_DIR=${root} NO_COLOR=1 ` +
      `${process.execPath} bin/gameday.js run ${file} --out ${out} --seed 5; ` +
      `echo EXIT=$? > ${exitFile}; sleep 60`;
    try {
      const started = await tmux(
        'new-session',
        '-d',
        '-s',
        session,
        '-x',
        '120',
        '-y',
        '40',
        command,
      );
      expect(started.exitCode, started.stderr).toBe(0);
      const pane = async () =>
        (await tmux('capture-pane', '-p', '-J', '-S', '-500', '-t', session)).stdout;
      let shown = false;
      for (let i = 0; i < 600 && !shown; i++) {
        shown = (await pane()).includes('acknowledge the page zq7');
        if (!shown) await new Promise((res) => setTimeout(res, 100));
      }
      expect(shown, await pane()).toBe(true);
      const seenAt = Date.now();
      await new Promise((res) => setTimeout(res, INTERVAL_MS));
      const enterAt = Date.now();
      expect((await tmux('send-keys', '-t', session, 'Enter')).exitCode).toBe(0);
      for (let i = 0; i < 900 && !existsSync(exitFile); i++)
        await new Promise((res) => setTimeout(res, 100));
      expect(readFileSync(exitFile, 'utf8').trim(), await pane()).toBe('EXIT=0');
      expect(enterAt - seenAt).toBeGreaterThanOrEqual(INTERVAL_MS);
      const manual = only(lines<RunEvent>(join(out, 'events.jsonl')), 'manual');
      expect(manual).toMatchObject({ id: 'page', confirmed: 'enter' });
      // Shown before we saw it, confirmed after we pressed Enter: at least the interval, and
      // before the step's own timeout (which would say "timeout", or "auto" if approved).
      expect(manual.waitedMs).toBeGreaterThanOrEqual(INTERVAL_MS);
      expect(manual.waitedMs).toBeLessThan(TIMEOUT_MS);
      const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
      expect(report.checks.rehearsal?.manual).toEqual([
        expect.objectContaining({ step: 'page', confirmed: 'enter' }),
      ]);
      expect(await pane()).toContain('manual page: confirmed by Enter');
    } finally {
      await tmux('kill-server');
    }
    expect(leftovers(root)).toEqual([]);
  }, 120_000);
});
