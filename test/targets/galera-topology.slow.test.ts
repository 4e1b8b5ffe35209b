// MariaDB Galera through the real CLI (`npm run build` first): short copies of the shipped
// galera scenarios, each asserting what Galera's documented design implies. Two nodes, one
// vote each: a partition leaves neither side a majority, so with the default quorum both
// refuse writes (no split brain, lower availability); pc.ignore_sb=true keeps both primary
// (split-brain writes that gameday must find); a killed node rejoins with nothing lost. The
// same two settings decide whether one balance withdrawn in both regions can be spent twice.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model.js';
import type { TopologyState } from '../../src/topology/driver.js';
import { expectClock } from '../clocks.js';
import { expectPromised } from '../scenario/claims.js';
import { leftovers } from '../topology/helpers.js';
import { twoAtOnce } from '../two-at-once.js';

const BIN = fileURLToPath(new URL('../../bin/gameday.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'gameday-galera-'));
// GAMEDAY_KEEP_TEST_DIRS=1 keeps the runs (reports, logs) to read after a failure.
afterAll(() => {
  if (!process.env.GAMEDAY_KEEP_TEST_DIRS) rmSync(root, { recursive: true, force: true });
});

/** The timeline and traffic of a short run: register by default, or the withdraw bank. */
interface Shape {
  duration: string;
  settle: string;
  at: string;
  length: string;
  workload: string;
}

const REGISTER: Shape = {
  duration: '14s',
  settle: '20s',
  at: '3s',
  length: '7s',
  workload: '{ kind: register, rate: 60, clients: 2, routerClients: 2, keys: 10 }',
};

/** 4 s of traffic (≤ 80 spent from 100) before a 5 s cut: each side then spends what is left
 * of its own copy, so with pc.ignore_sb the two together approve more than 100, as in the
 * shipped scenario (139 of 300 spent before its 20 s cut). */
const BANK: Shape = {
  duration: '9s',
  settle: '6s',
  at: '2s',
  length: '5s',
  workload:
    '{ kind: withdraw, rate: 20, clients: 2, routerClients: 2, accounts: 1, balance: 100, amount: 1 }',
};

/** With pc.ignore_sb the nodes never merge the two histories after the cut (divergence until
 * an operator resyncs one): the regions never agree, so the settle time always runs out. A
 * short one: nothing these runs assert waits on it. */
const unsettled = (shape: Shape): Shape => ({ ...shape, settle: '2s' });

function scenario(name: string, store: string, step: string, slo: string, shape: Shape): string {
  return [
    `name: ${name}`,
    'description: short galera run for the tests',
    `duration: ${shape.duration}`,
    'warmup: 2s',
    `settle: ${shape.settle}`,
    'topology:',
    `  store: { kind: galera, ${store} }`,
    '  router: { inter: 300ms, fall: 2, rise: 1, timeout: 200ms }',
    `workload: ${shape.workload}`,
    'steps:',
    `  - { id: s1, at: ${shape.at}, duration: ${shape.length}, ${step} }`,
    `slo: { ${slo} }`,
    '',
  ].join('\n');
}

/** `watch` runs beside the run, given its state dir and whether the run has ended. */
async function run(
  name: string,
  store: string,
  step: string,
  slo: string,
  shape = REGISTER,
  watch?: (dir: string, ended: () => boolean) => Promise<void>,
) {
  const dir = join(root, name);
  const file = join(root, `${name}.yaml`);
  writeFileSync(file, scenario(name, store, step, slo, shape));
  const args = [BIN, 'run', file, '--out', join(dir, 'run'), '--state-dir', dir];
  const { result, pid } = await twoAtOnce(async () => {
    const child = execa('node', [...args, '--seed', '5', '--ci'], {
      reject: false,
      timeout: 90_000,
      env: { NO_COLOR: '1' },
    });
    let ended = false;
    void child.finally(() => (ended = true));
    await watch?.(dir, () => ended);
    return { result: await child, pid: child.pid };
  });
  const reportFile = join(dir, 'run', 'report.json');
  expect(existsSync(reportFile), result.stdout + result.stderr + storeLogs(dir)).toBe(true);
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
  expect(leftovers(dir), 'processes of this topology still running').toEqual([]);
  expect(existsSync(join(dir, '.gameday', 'state.json'))).toBe(false);
  expect(fenceRules(pid!), 'iptables rules left behind').toEqual([]);
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

/** Rules of the fence the run with this pid made: their comment is its project,
 * `gameday-<pid of the CLI>-<time>` (src/topology/state.ts). */
function fenceRules(pid: number): string[] {
  const listing = execFileSync('iptables', ['-w', '-S', 'OUTPUT'], { encoding: 'utf8' });
  return listing.split('\n').filter((line) => line.includes(`--comment gameday-${pid}-`));
}

const slo = (report: Report, name: string) => report.slos.find((s) => s.name === name);

/** The region's node's wall clock (UNIX_TIMESTAMP(NOW(6)), in ms) with this process's true
 * time before and after the query, and its wsrep_sync_wait; undefined while it does not answer. */
async function nodeClock(dir: string, region: string) {
  const stateFile = join(dir, '.gameday', 'state.json');
  if (!existsSync(stateFile)) return undefined;
  const state = JSON.parse(readFileSync(stateFile, 'utf8')) as TopologyState;
  const url = state.regions[region]?.directUrl;
  if (url === undefined) return undefined;
  const before = Date.now();
  try {
    const { stdout } = await execa(
      'mariadb',
      [
        ...['-h', '127.0.0.1', '-P', new URL(url).port, '-N'],
        ...['-e', 'SELECT UNIX_TIMESTAMP(NOW(6)), @@wsrep_sync_wait'],
      ],
      { timeout: 5000 },
    );
    const [wall, syncWait] = stdout.trim().split('\t').map(Number);
    return { before, after: Date.now(), wall: wall! * 1000, syncWait };
  } catch {
    return undefined;
  }
}

/** The offset in the region's clock file, as libfaketime reads it ("+5.000"), or undefined. */
function clockText(dir: string, region: string): string | undefined {
  const file = join(dir, '.gameday', 'clock', `${region}.rc`);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

// Two runs at once: each its own state dir and ports; a fence only refuses its own ports.
describe.concurrent('galera', () => {
  it('partition, default quorum: no split brain, both sides refuse writes', async () => {
    const { report } = await run(
      'quorum',
      'ignoreSplitBrain: false',
      'fault: partition, regions: [us, eu], scope: replication',
      "split_brain_writes: 0, availability: '>= 99%'",
    );
    expect(report.checks.splitBrainWrites.pairs).toBe(0);
    expect(slo(report, 'availability')?.pass).toBe(false);
    expectPromised('galera-partition', report.slos);
  }, 300_000);

  it('partition, pc.ignore_sb: both sides keep writing and gameday finds the pairs', async () => {
    const { report, dir } = await run(
      'ignore-sb',
      'ignoreSplitBrain: true',
      'fault: partition, regions: [us, eu], scope: replication',
      'split_brain_writes: 0',
      unsettled(REGISTER),
    );
    expect(report.checks.splitBrainWrites.pairs).toBeGreaterThan(0);
    // Galera's own conflict counter, read from both live nodes at the start and after settling.
    const counters = JSON.parse(readFileSync(join(dir, 'run', 'store-counters.json'), 'utf8'));
    expect(counters.conflicts.source).toBe('wsrep_local_cert_failures');
    for (const reading of [counters.conflicts.start, counters.conflicts.end]) {
      expect(Object.keys(reading).sort()).toEqual(['eu', 'us']);
      for (const value of Object.values(reading)) expect(Number.isInteger(value)).toBe(true);
    }
    expect(slo(report, 'split_brain_writes')?.pass).toBe(false);
    expectPromised('galera-partition-ignore-sb', report.slos);
  }, 300_000);

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
    expectPromised('galera-region-kill', report.slos);
  }, 300_000);

  it('withdraw, default quorum: refusals during the cut, never a double spend', async () => {
    const { report } = await run(
      'bank-quorum',
      'ignoreSplitBrain: false',
      'fault: partition, regions: [us, eu], scope: replication',
      "overdrafts: 0, money_drift: 0, availability: '>= 99%'",
      BANK,
    );
    expect(report.checks.bank?.overdrafts).toBe(0);
    expect(report.checks.bank?.drift).toBe(0);
    expect(slo(report, 'availability')?.pass).toBe(false);
    expectPromised('galera-withdraw-partition', report.slos);
  }, 300_000);

  it('withdraw, pc.ignore_sb: both sides spend the same balance and the bank check sees it', async () => {
    const { report } = await run(
      'bank-ignore-sb',
      'ignoreSplitBrain: true',
      'fault: partition, regions: [us, eu], scope: replication',
      "overdrafts: 0, money_drift: 0, availability: '>= 99%'",
      unsettled(BANK),
    );
    const bank = report.checks.bank!;
    expect(bank.overdrafts + bank.drift).toBeGreaterThan(0);
    expect(slo(report, 'overdrafts')!.pass && slo(report, 'money_drift')!.pass).toBe(false);
    expectPromised('galera-withdraw-partition-ignore-sb', report.slos);
  }, 300_000);
  it("clock-skew: eu's mariadbd reports its clock 5 s ahead during the step, us's true; true again after heal (and causalReads is wsrep_sync_wait 1)", async () => {
    const seen: Record<string, Awaited<ReturnType<typeof nodeClock>>> = {};
    const watch = async (dir: string, ended: () => boolean) => {
      const deadline = Date.now() + 80_000;
      const going = () => Date.now() < deadline && !ended();
      // During the step: the clock file says +5.000 (skewed) until both nodes answered.
      while (going() && !(seen.skewedEu && seen.trueUs)) {
        if (clockText(dir, 'eu') === '+5.000') {
          seen.skewedEu ??= await nodeClock(dir, 'eu');
          seen.trueUs ??= await nodeClock(dir, 'us');
        }
        await pause(100);
      }
      // After the step healed (+0.000), before the topology goes down.
      while (going() && !seen.healedEu) {
        if (clockText(dir, 'eu') === '+0.000' && seen.skewedEu)
          seen.healedEu = await nodeClock(dir, 'eu');
        await pause(100);
      }
    };
    await run(
      'skew',
      'ignoreSplitBrain: false, causalReads: true',
      'fault: clock-skew, region: eu, ms: 5000',
      'lost_writes: 0',
      { ...REGISTER, duration: '8s', at: '2s', length: '3s', settle: '5s' },
      watch,
    );
    const { skewedEu, trueUs, healedEu } = seen;
    // NOW(6) is read to the microsecond, the true time to the millisecond: 1 ms of slack.
    expectClock(skewedEu, 5000, 'eu during the skew', 1);
    expectClock(trueUs, 0, 'us during the skew', 1);
    expectClock(healedEu, 0, 'eu after the heal', 1);
    // causalReads: true is every session's wsrep_sync_wait=1 (the other cases keep Galera's 0).
    expect([skewedEu!.syncWait, trueUs!.syncWait]).toEqual([1, 1]);
  }, 300_000);
});
