// gameday's output cannot be written (a pipe closed by `| head`, `> /dev/full`) or has no
// width (`stty cols 0`: `docker exec -t`, `script`, some CI runners): the command still does
// its work, heals, records, and exits with its own code; no stack, no spin. And places no
// directory can be made in (a file, /proc) are exit 2 at once.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model.js';
import {
  cleanup,
  gameday,
  leftovers,
  readState,
  statePids,
  tempRoot,
} from '../topology/helpers.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'gameday.js');
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

const NO_STACK = /\n\s+at .+:\d+:\d+/;

/** Runs the CLI with stdout (and stderr, when asked) a pipe whose reader is gone: the first
 * write fails with EPIPE. `closeAfter`: keep stderr open until a line matches, then close both. */
function withClosedPipes(
  root: string,
  args: string[],
  opts: { closeStderr?: boolean; closeAfter?: RegExp } = {},
): Promise<{ exitCode: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, GAMEDAY_STATE_DIR: root, NO_COLOR: '1', CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const closeAll = () => {
    child.stdout.destroy();
    child.stderr.destroy();
  };
  if (!opts.closeAfter) child.stdout.destroy();
  if (opts.closeStderr && !opts.closeAfter) child.stderr.destroy();
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += String(chunk);
    if (opts.closeAfter?.test(stderr)) closeAll();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  return new Promise((resolve) =>
    child.on('exit', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, stderr });
    }),
  );
}

describe('output that cannot be written', () => {
  it('`scenarios | true` and `validate x > /dev/full` exit with their own code, no stack', async () => {
    const root = scratch();
    const scenarios = await withClosedPipes(root, ['scenarios']);
    expect(scenarios.exitCode, scenarios.stderr).toBe(0);
    expect(scenarios.stderr).toBe('');
    const file = join(root, 'ok.yaml');
    writeFileSync(file, 'name: ok\nduration: 2s\n');
    const full = openSync('/dev/full', 'w');
    const r = spawnSync(process.execPath, [BIN, 'validate', file], {
      stdio: ['ignore', full, 'pipe'],
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, NO_COLOR: '1', CI: 'true' },
    });
    closeSync(full);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^gameday: cannot write to stdout \(ENOSPC\); output dropped\n$/);
    expect(r.stderr).not.toMatch(NO_STACK);
  });

  it('`run` whose stdout and stderr close mid-fault heals, records and exits with its verdict', async () => {
    const root = scratch();
    const out = join(root, 'run');
    const file = join(root, 'cut.yaml');
    writeFileSync(
      file,
      `name: cut\nduration: 4s\nwarmup: 1s\nsettle: 3s\n` +
        `workload: {kind: register, rate: 50, keys: 4, timeout: 500ms}\n` +
        `steps:\n  - {at: 500ms, duration: 2s, fault: partition, regions: [us, eu]}\n` +
        `slo: {split_brain_writes: 0}\n`,
    );
    const r = await withClosedPipes(root, ['run', file, '--out', out, '--seed', '1', '--ci'], {
      closeAfter: /inject s1 partition/,
    });
    expect(r.stderr).toMatch(/inject s1 partition/);
    expect(existsSync(join(out, 'report.json')), 'report.json written').toBe(true);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    expect(r.exitCode).toBe(report.verdict === 'pass' ? 0 : 1);
    const events = readFileSync(join(out, 'events.jsonl'), 'utf8');
    expect(events).toMatch(/"type":"fault-end".*"id":"s1"|"id":"s1".*"type":"fault-end"/);
    expect(leftovers(root), 'the run took its topology down').toEqual([]);
  });
});

describe('a terminal without a width (stty cols 0)', () => {
  it('`up` prints plain lines and finishes; `status | true` then says nothing and exits 0', async () => {
    const root = scratch();
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
    delete env.CI;
    delete env.NO_COLOR;
    const command = `stty cols 0; exec ${process.execPath} ${BIN} up --state-dir ${root}`;
    const r = await execa('script', ['-qfec', command, '/dev/null'], {
      reject: false,
      timeout: 90_000,
      env,
      extendEnv: false,
    });
    if (existsSync(join(root, '.gameday', 'state.json'))) pids.push(...statePids(readState(root)));
    expect(r.exitCode, r.stdout).toBe(0);
    // Plain, timestamped progress lines: no spinner, no cursor control.
    expect(r.stdout).toMatch(/\d{4}-\d\d-\d\dT[\d:.]+Z topology up \(us, eu\): done/);
    expect(r.stdout).not.toContain('\x1b[?25l');
    const status = await withClosedPipes(root, ['status']);
    expect(status.exitCode, status.stderr).toBe(0);
    expect(status.stderr).toBe('');
  });
});

describe('places no directory can be made in', () => {
  it('--state-dir at a file or under /proc, --out under /proc: exit 2 at once', async () => {
    const root = scratch();
    const file = join(root, 'a-file');
    writeFileSync(file, '');
    const scenario = join(root, 's.yaml');
    writeFileSync(scenario, 'name: s\nduration: 2s\n');
    const cases: [string[], RegExp][] = [
      [['up', '--state-dir', file], /--state-dir .*a-file is not a directory/],
      [['up', '--state-dir', '/proc/gameday-x'], /--state-dir \/proc\/gameday-x cannot hold/],
      [['up', '--state-dir', '/proc'], /--state-dir \/proc cannot hold/],
      [['run', scenario, '--out', '/proc/gameday-x'], /cannot write the run directory/],
    ];
    for (const [args, message] of cases) {
      const r = await gameday(root, args, 30_000);
      expect(r.exitCode, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(NO_STACK);
    }
    expect(existsSync(join(root, '.gameday', 'state.json'))).toBe(false);
  });
});
