// `gameday compare` through the real command tree: exit codes, Markdown, bad input.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

let dir: string;
let stdout: string;
let stderr: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gameday-compare-'));
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation(
    (chunk) => ((stdout += String(chunk)), true),
  );
  vi.spyOn(process.stderr, 'write').mockImplementation(
    (chunk) => ((stderr += String(chunk)), true),
  );
  process.exitCode = undefined;
});

afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = undefined;
});

const gameday = (...args: string[]) => main(['node', 'gameday', ...args]);

function runDir(name: string, failoverMs: number, pass: boolean): string {
  const d = join(dir, name);
  mkdirSync(d);
  const report = {
    verdict: pass ? 'pass' : 'fail',
    slos: [{ name: 'failover_time', target: '< 5s', measured: failoverMs, pass }],
    checks: {
      failover: [{ step: 's1', region: 'eu', detectionMs: 100, failoverMs, errors: 3 }],
      availability: { overall: 0.9, byEntry: { router: 0.99 } },
    },
  };
  writeFileSync(join(d, 'report.json'), JSON.stringify(report));
  return d;
}

describe('gameday compare', () => {
  it('exits 0 when nothing got worse beyond tolerance, 1 when failover got 40 % worse', async () => {
    const base = runDir('base', 2000, true);
    expect(await gameday('compare', base, runDir('same', 2100, true))).toBe(0);
    expect(stdout).toMatch(/no regression/);
    expect(await gameday('compare', base, runDir('worse', 2800, true))).toBe(1);
    expect(stdout).toMatch(/failover_time .*2\.00 s .*2\.80 s .*\+0\.80 s \(\+40%\).*REGRESSION/);
  });

  it('takes a tolerance and writes Markdown for a pull request', async () => {
    const base = runDir('base', 2000, true);
    const worse = join(runDir('worse', 2800, true), 'report.json');
    expect(
      await gameday('compare', base, worse, '--tolerance', 'failover_time=+1s', '--format', 'md'),
    ).toBe(0);
    expect(stdout).toMatch(/^### gameday compare: no regression/);
    expect(stdout).toMatch(
      /\| failover_time \| 2\.00 s \| 2\.80 s \| \+0\.80 s \(\+40%\) \| \+1s \| ok \|/,
    );
  });

  it('says what is wrong with bad input, exit 2', async () => {
    expect(await gameday('compare', join(dir, 'nope'), join(dir, 'nope2'))).toBe(2);
    expect(stderr).toMatch(/nope does not exist/);
    writeFileSync(join(dir, 'x.json'), '{"a": 1}');
    expect(await gameday('compare', join(dir, 'x.json'), join(dir, 'x.json'))).toBe(2);
    expect(stderr).toMatch(/not a gameday report/);
    const base = runDir('base', 2000, true);
    expect(await gameday('compare', base, base, '--tolerance', 'failover_time=-5%')).toBe(2);
    expect(stderr).toMatch(/points the wrong way/);
  });
});
