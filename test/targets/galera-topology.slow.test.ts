// MariaDB Galera through the real CLI (`npm run build` first): short copies of the shipped
// galera scenarios, each asserting what Galera's documented design implies. Two nodes, one
// vote each: a partition leaves neither side a majority, so with the default quorum both
// refuse writes (no split brain, lower availability); pc.ignore_sb=true keeps both primary
// (split-brain writes that gameday must find); a killed node rejoins with nothing lost.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model.js';

const BIN = fileURLToPath(new URL('../../bin/gameday.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'gameday-galera-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function scenario(name: string, store: string, step: string, slo: string): string {
  return [
    `name: ${name}`,
    'description: short galera run for the tests',
    'duration: 14s',
    'warmup: 2s',
    'settle: 20s',
    'topology:',
    `  store: { kind: galera, ${store} }`,
    '  router: { inter: 300ms, fall: 2, rise: 1, timeout: 200ms }',
    'workload: { kind: register, rate: 60, clients: 2, routerClients: 2, keys: 10 }',
    'steps:',
    `  - { id: s1, at: 3s, duration: 7s, ${step} }`,
    `slo: { ${slo} }`,
    '',
  ].join('\n');
}

async function run(name: string, store: string, step: string, slo: string) {
  const dir = join(root, name);
  const file = join(root, `${name}.yaml`);
  writeFileSync(file, scenario(name, store, step, slo));
  const args = [BIN, 'run', file, '--out', join(dir, 'run'), '--state-dir', dir];
  const result = await execa('node', [...args, '--seed', '5', '--ci'], {
    reject: false,
    timeout: 90_000,
    env: { NO_COLOR: '1' },
  });
  const reportFile = join(dir, 'run', 'report.json');
  expect(existsSync(reportFile), result.stdout + result.stderr + storeLogs(dir)).toBe(true);
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
  expect(leftovers(dir), 'processes of this topology still running').toEqual([]);
  expect(existsSync(join(dir, '.gameday', 'state.json'))).toBe(false);
  expect(fenceRules(), 'iptables rules left behind').toEqual([]);
  return { ...result, dir, report };
}

/** The ends of the nodes' logs, for a run that failed to start. */
function storeLogs(dir: string): string {
  return ['us', 'eu']
    .map((r) => join(dir, 'run', 'logs', `store-${r}.log`))
    .filter((file) => existsSync(file))
    .map((file) => `\n${file}:\n${readFileSync(file, 'utf8').split('\n').slice(-40).join('\n')}`)
    .join('');
}

/** Live processes gameday marked as started under `dir` (proc/signals.ts isOurDaemon). */
function leftovers(dir: string): string[] {
  return readdirSync('/proc')
    .filter((pid) => /^\d+$/.test(pid))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'utf8').includes(`GAMEDAY_DAEMON_LOG=${dir}`);
      } catch {
        return false;
      }
    });
}

/** Rules of the fences this test's topologies made (their comment names the project). */
function fenceRules(): string[] {
  const listing = execFileSync('iptables', ['-w', '-S', 'OUTPUT'], { encoding: 'utf8' });
  return listing.split('\n').filter((line) => line.includes(`--comment gameday-${process.pid}`));
}

const slo = (report: Report, name: string) => report.slos.find((s) => s.name === name);

describe('galera', () => {
  it('partition, default quorum: no split brain, both sides refuse writes', async () => {
    const { report } = await run(
      'quorum',
      'ignoreSplitBrain: false',
      'fault: partition, regions: [us, eu], scope: replication',
      "split_brain_writes: 0, availability: '>= 99%'",
    );
    expect(report.checks.splitBrainWrites.pairs).toBe(0);
    expect(slo(report, 'availability')?.pass).toBe(false);
  }, 120_000);

  it('partition, pc.ignore_sb: both sides keep writing and gameday finds the pairs', async () => {
    const { report } = await run(
      'ignore-sb',
      'ignoreSplitBrain: true',
      'fault: partition, regions: [us, eu], scope: replication',
      'split_brain_writes: 0',
    );
    expect(report.checks.splitBrainWrites.pairs).toBeGreaterThan(0);
    expect(slo(report, 'split_brain_writes')?.pass).toBe(false);
  }, 120_000);

  it('region kill: eu rejoins, nothing acknowledged is lost, the nodes converge', async () => {
    const { report } = await run(
      'kill',
      'ignoreSplitBrain: false',
      'fault: kill-region, region: eu',
      "lost_writes: 0, divergence: 0, convergence_time: '< 20s'",
    );
    expect(slo(report, 'lost_writes')?.pass).toBe(true);
    expect(slo(report, 'divergence')?.pass).toBe(true);
    expect(slo(report, 'convergence_time')?.pass).toBe(true);
  }, 120_000);
});
