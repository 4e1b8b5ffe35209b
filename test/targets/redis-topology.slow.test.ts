// Redis with Sentinel through the real CLI (`npm run build` first): short copies of the shipped
// redis scenarios, each asserting what Redis's documented design implies. Asynchronous
// replication: a killed primary is replaced (failover measured), a partitioned primary with
// min-replicas-to-write 0 keeps acknowledging writes that are dropped once it is demoted, and
// with 1 it stops before a second primary exists (no split brain; losses bounded to max-lag).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import type { FinalState, HistoryEvent, Report, TopologySpec } from '../../src/model.js';
import { respCommand } from '../../src/stores/resp-ping.js';
import { DEFAULT_ROUTER } from '../../src/topology/haproxy.js';
import { downTopology, upTopology } from '../../src/topology/index.js';
import { expectPromised } from '../scenario/claims.js';
import { leftovers } from '../topology/helpers.js';

const BIN = fileURLToPath(new URL('../../bin/gameday.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'gameday-redis-'));
// GAMEDAY_KEEP_TEST_DIRS=1 keeps the runs (reports, logs) to read after a failure.
afterAll(() => {
  if (!process.env.GAMEDAY_KEEP_TEST_DIRS) rmSync(root, { recursive: true, force: true });
});

const CUT_AT_MS = 2000 + 2000; // warmup + the step's `at`
const CUT_END_MS = CUT_AT_MS + 7000;
/** By then eu has been promoted (down after 1 s, vote, promotion) and a primary honouring
 * min-replicas-max-lag 1 s has stopped: replicas acknowledge once a second. */
const PROMOTED_MS = CUT_AT_MS + 3000;

function scenario(name: string, store: string, step: string, slo: string): string {
  return [
    `name: ${name}`,
    'description: short redis-sentinel run for the tests',
    'duration: 11s',
    'warmup: 2s',
    'settle: 25s',
    'topology:',
    `  store: { kind: redis-sentinel, primary: us, downAfter: 1s, failoverTimeout: 5s, ${store} }`,
    '  router: { inter: 300ms, fall: 2, rise: 1, timeout: 200ms }',
    'workload: { kind: register, rate: 100, clients: 2, routerClients: 2, keys: 10 }',
    'steps:',
    `  - { id: s1, at: 2s, duration: 7s, ${step} }`,
    `slo: { ${step.includes('kill') ? 'failover_time: "< 8s", ' : ''}split_brain_writes: 0${slo} }`,
    '',
  ].join('\n');
}

async function run(name: string, store: string, step: string, slo = '') {
  const dir = join(root, name);
  const file = join(root, `${name}.yaml`);
  writeFileSync(file, scenario(name, store, step, slo));
  const args = [BIN, 'run', file, '--out', join(dir, 'run'), '--state-dir', dir];
  const result = await execa('node', [...args, '--seed', '3', '--ci'], {
    reject: false,
    timeout: 90_000,
    env: { NO_COLOR: '1' },
  });
  const reportFile = join(dir, 'run', 'report.json');
  expect(existsSync(reportFile), result.stdout + result.stderr).toBe(true);
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
  expect(leftovers(dir), 'processes of this topology still running').toEqual([]);
  expect(existsSync(join(dir, '.gameday', 'state.json'))).toBe(false);
  return { ...result, dir, report };
}

/** Values of writes the us region acknowledged to its direct clients within [from, to] ms. */
function usWritesAcked(dir: string, from: number, to: number): string[] {
  return readFileSync(join(dir, 'run', 'history.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as HistoryEvent)
    .filter((e) => e.type === 'ok' && e.f === 'write' && e.region === 'us' && e.via === 'direct')
    .filter((e) => e.time >= from && e.time <= to)
    .map((e) => String(e.value));
}

/** Every value any region holds in final.json. */
function finalValues(dir: string): Set<string> {
  const final = JSON.parse(readFileSync(join(dir, 'run', 'final.json'), 'utf8')) as FinalState;
  return new Set(Object.values(final.regions).flatMap((r) => Object.values(r).map(String)));
}

const sentinelLogs = (dir: string) =>
  ['us', 'eu', 'witness']
    .map((s) => readFileSync(join(dir, 'run', 'logs', `sentinel-${s}.log`), 'utf8'))
    .join('\n');

// One run at a time. Two at once showed a cut ending in -failover-abort-no-good-slave: the
// Sentinels learn the replica from the primary's INFO every 10 s, and had not yet. `up` now
// waits until they know it (the first case); side by side was not tried again.
describe('redis-sentinel', () => {
  it('once up, every Sentinel knows the replica and the other Sentinels (a cut at once can fail over)', async () => {
    const dir = join(root, 'up');
    const store = { kind: 'redis-sentinel', primary: 'us', downAfterMs: 1000 } as const;
    const spec: TopologySpec = {
      regions: ['us', 'eu'],
      store: {
        ...store,
        failoverTimeoutMs: 5000,
        minReplicasToWrite: 0,
        minReplicasMaxLagMs: 1000,
      },
      router: DEFAULT_ROUTER,
    };
    try {
      const state = await upTopology(spec, { root: dir });
      const sentinels = state.companions ?? [];
      expect(sentinels).toHaveLength(3);
      for (const s of sentinels) {
        const url = `http://127.0.0.1:${s.port}`;
        const master = (await respCommand(url, ['SENTINEL', 'MASTER', 'gameday'])) as string[];
        const field = (name: string) => master[master.indexOf(name) + 1];
        expect(field('num-slaves'), s.name).toBe('1');
        expect(field('num-other-sentinels'), s.name).toBe('2');
      }
    } finally {
      await downTopology(dir);
    }
    expect(leftovers(dir)).toEqual([]);
  });

  it('primary region killed: Sentinel promotes eu and the router follows it', async () => {
    const { report, dir, exitCode, stderr } = await run(
      'kill',
      'minReplicasToWrite: 0',
      'fault: kill-region, region: us',
    );
    expect(exitCode, stderr).toBeLessThanOrEqual(1);
    expect(sentinelLogs(dir)).toMatch(/\+switch-master gameday/);
    const [failover] = report.checks.failover;
    expect(failover?.step).toBe('s1');
    expect(typeof failover?.failoverMs).toBe('number');
    // Down after 1 s, then a vote and a promotion: never instant, well inside the 7 s step.
    expect(failover!.failoverMs).toBeGreaterThan(1000);
    expect(failover!.failoverMs).toBeLessThan(7000);
    expectPromised('redis-primary-kill', report.slos);
  }, 120_000);

  it('partition, minReplicasToWrite 0: two primaries, and us loses what it acknowledged', async () => {
    const { report, dir } = await run(
      'split',
      'minReplicasToWrite: 0',
      'fault: partition, regions: [us, eu], scope: replication',
    );
    expect(sentinelLogs(dir)).toMatch(/\+switch-master gameday/);
    expect(report.checks.splitBrainWrites.pairs).toBeGreaterThan(0);
    // us kept acknowledging after eu was promoted; once demoted, none of those writes survive.
    // (lost_writes may still read 0: eu's writes after the heal supersede them, key by key.)
    const late = usWritesAcked(dir, PROMOTED_MS, CUT_END_MS);
    expect(late.length).toBeGreaterThan(0);
    const final = finalValues(dir);
    expect(late.filter((value) => final.has(value))).toEqual([]);
    expect(report.checks.staleReads.byRegion.eu?.count ?? 0).toBeGreaterThan(0);
    expectPromised('redis-partition', report.slos);
  }, 120_000);

  it('partition, minReplicasToWrite 1: us refuses writes before eu is promoted', async () => {
    const store = 'minReplicasToWrite: 1, minReplicasMaxLag: 1s';
    const { report, dir } = await run(
      'min-replicas',
      store,
      'fault: partition, regions: [us, eu], scope: replication',
      ', linearizable: true',
    );
    expect(sentinelLogs(dir)).toMatch(/\+switch-master gameday/);
    expect(report.checks.splitBrainWrites.pairs).toBe(0);
    // us stops acknowledging once its replica is 1 s silent: nothing after eu's promotion.
    expect(usWritesAcked(dir, PROMOTED_MS, CUT_END_MS)).toEqual([]);
    const history = readFileSync(join(dir, 'run', 'history.jsonl'), 'utf8');
    expect(history).toMatch(/"type":"fail".*NOREPLICAS/);
    // Not linearizable: eu's replica answers reads from the copy the cut froze until it is
    // promoted, so some key's first impossible step is a read in eu.
    const lin = report.checks.linearizability!;
    expect(lin.illegal.length).toBeGreaterThan(0);
    expect(
      lin.counterexamples!.some(
        (c) => c.blocked.f === 'read' && c.blocked.process.startsWith('eu-'),
      ),
    ).toBe(true);
    expectPromised('redis-partition-min-replicas', report.slos);
  }, 120_000);
});
