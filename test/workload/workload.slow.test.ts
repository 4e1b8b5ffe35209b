// The workload against real bundled-store nodes: contract lines, process rules, honest
// outcomes under a frozen store, withdraw/counter arithmetic, and seed reproducibility.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { toOps } from '../../src/history/ops.js';
import { toHistoryEvent } from '../../src/history/validate.js';
import type { HistoryEvent } from '../../src/model.js';
import { kvstoreAdapter } from '../../src/targets/kvstore-http.js';
import { HistoryRecorder } from '../../src/workload/recorder.js';
import { setupWorkload } from '../../src/workload/setup.js';
import type { WorkloadSpec } from '../../src/workload/spec.js';
import type { WorkloadStats } from '../../src/workload/stats.js';
import { startWorkload } from '../../src/workload/workload.js';
import { contractViolations, readHistory } from './history-contract.js';
import { planPositions, plannedInvokes, recordedInvokes } from './planned.js';
import { startStores, type StoreCluster } from './kvstore-pair.js';

const base: WorkloadSpec = {
  kind: 'register',
  rate: 300,
  clients: 4,
  routerClients: 2,
  keys: 8,
  readRatio: 0.5,
  casRatio: 0.2,
  accounts: 3,
  balance: 100,
  amount: 7,
  timeoutMs: 300,
  probeMs: 100,
};

let cluster: StoreCluster | undefined;
let lastStats: WorkloadStats | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Runs a workload for `ms` (calling `during` halfway) and returns the recorded history. */
async function run(
  spec: WorkloadSpec,
  ms: number,
  seed = 1,
  during?: () => Promise<void>,
  regions = cluster!.regions,
): Promise<HistoryEvent[]> {
  const path = join(mkdtempSync(join(tmpdir(), 'gameday-history-')), 'history.jsonl');
  const recorder = new HistoryRecorder(path);
  const start = performance.now();
  const workload = await startWorkload({
    workload: spec,
    regions,
    routerUrl: cluster!.regions.eu?.clientUrl, // the store itself answers with its region header
    recorder,
    seed,
    clock: () => performance.now() - start,
  });
  await sleep(ms / 2);
  await during?.();
  await sleep(ms / 2);
  lastStats = workload.stats();
  await workload.stop();
  await recorder.close();
  try {
    return readHistory(path);
  } finally {
    rmSync(dirname(path), { recursive: true, force: true });
  }
}

async function setup(spec: WorkloadSpec, region: string): Promise<void> {
  await setupWorkload({ workload: spec, regions: { [region]: cluster!.regions[region]! } });
}

async function finalValues(region: string): Promise<Record<string, unknown>> {
  const target = await kvstoreAdapter.open(cluster!.regions[region]!.clientUrl, {
    timeoutMs: 2000,
  });
  const dump = await target.dump();
  await target.close();
  return dump.value ?? {};
}

describe('workload against a real kvstore pair', () => {
  it('records contract lines, paired per process, with probes and router ops', async () => {
    cluster = await startStores(['us', 'eu']);
    const history = await run(base, 1500);
    expect(contractViolations(history)).toEqual([]);
    // The checks' own reader accepts it as is.
    const ops = toOps(history.map((event, i) => toHistoryEvent(event, `line ${i + 1}`)));
    expect(
      ops
        .filter((op) => op.via === 'router' && op.outcome === 'ok')
        .every((op) => op.region === 'eu'),
    ).toBe(true);
    const fs = new Set(history.map((event) => event.f));
    expect([...fs].sort()).toEqual(['cas', 'read', 'write']);
    expect(history.filter((e) => e.type === 'ok').length).toBeGreaterThan(200);
    const routerOk = history.filter((e) => e.via === 'router' && e.type === 'ok');
    expect(new Set(routerOk.map((e) => e.region))).toEqual(new Set(['eu']));
    const probes = history.filter((e) => e.process.startsWith('probe-us') && e.type === 'invoke');
    expect(probes.some((e) => e.f === 'write' && e.key === 'probe:us')).toBe(true);
    expect(probes.some((e) => e.f === 'read' && e.key === 'probe:eu')).toBe(true);
    // DESIGN.md §6: probe values `probe:<origin>:<seq>`, seq growing by one per write.
    const probeValues = probes.filter((e) => e.f === 'write').map((e) => e.value);
    expect(probeValues).toEqual(probeValues.map((_, i) => `probe:us:${i + 1}`));
    const written = history
      .filter((e) => e.type === 'invoke' && e.f === 'write')
      .map((e) => `${e.key}=${e.value}`);
    expect(new Set(written).size).toBe(written.length);
    const { groups, lagMs } = lastStats!;
    for (const group of ['us', 'eu', 'router', 'probes'])
      expect(groups[group]!.ok).toBeGreaterThan(0);
    expect(Object.keys(lagMs).sort()).toEqual(['eu→us', 'us→eu']);
    expect(
      Object.values(lagMs).every((ms) => ms >= 0 && ms < 1000),
      JSON.stringify(lagMs),
    ).toBe(true);
  });

  it('ends ops against a frozen store as info and continues under new process ids', async () => {
    cluster = await startStores(['us', 'eu']);
    const history = await run({ ...base, timeoutMs: 150 }, 1600, 2, async () => {
      cluster!.signal('eu', 'SIGSTOP');
      await sleep(500);
      cluster!.signal('eu', 'SIGCONT');
    });
    expect(contractViolations(history)).toEqual([]);
    const infos = history.filter(
      (e) => e.type === 'info' && e.region === 'eu' && e.via === 'direct',
    );
    expect(infos.length).toBeGreaterThan(0);
    expect(
      history.filter((e) => e.region === 'eu' && e.type === 'fail' && e.f === 'write'),
    ).toEqual([]);
    const successor = (id: string) =>
      id.includes('.') ? id.replace(/\.(\d+)$/, (_, n) => `.${Number(n) + 1}`) : `${id}.1`;
    for (const info of infos) {
      const next = history.find(
        (e) => e.time > info.time && e.process.split('.')[0] === info.process.split('.')[0],
      );
      if (next) expect(next.process).toBe(successor(info.process));
    }
  });

  it('withdraw: no fail is recorded where the outcome is unknown; balances add up', async () => {
    // Sync writes wait for the peer: freezing eu leaves every withdrawal's CAS unanswered
    // (reads in us still work), and eu applies them after it thaws, after we gave up.
    cluster = await startStores(['us', 'eu'], ['--writes', 'sync']);
    const us = { us: cluster.regions.us! };
    const spec: WorkloadSpec = {
      ...base,
      kind: 'withdraw',
      routerClients: 0,
      probeMs: 0,
      rate: 200,
      balance: 1000,
      timeoutMs: 150,
    };
    await setup(spec, 'us');
    const freezeEu = async () => {
      cluster!.signal('eu', 'SIGSTOP');
      await sleep(400);
      cluster!.signal('eu', 'SIGCONT');
    };
    const history = await run(spec, 1600, 3, freezeEu, us);
    expect(contractViolations(history)).toEqual([]);
    expect(history.some((e) => e.type === 'info')).toBe(true);
    await sleep(1500); // let eu's late acknowledgements land in us
    const final = await finalValues('us');
    for (const account of ['acct-1', 'acct-2', 'acct-3']) {
      const amounts = (type: string) =>
        history
          .filter((e) => e.key === account && e.type === type)
          .filter((e) => (e.value as { approved?: boolean }).approved !== false)
          .map((e) => (e.value as { amount: number }).amount);
      const approved = amounts('ok').reduce((a, b) => a + b, 0);
      const missing = 1000 - approved - (final[account] as number);
      // Whatever the store took beyond the approved withdrawals must be explained by `info`
      // ones: a `fail` that in fact applied would leave money unexplained.
      expect(subsetSums(amounts('info')).has(missing)).toBe(true);
    }
  });

  it('counter: the final value is the sum of the acknowledged adds', async () => {
    cluster = await startStores(['us']);
    const spec: WorkloadSpec = {
      ...base,
      kind: 'counter',
      keys: 3,
      clients: 8, // each client's turn every 40 ms: a loaded machine's slow round trips drop few
      routerClients: 0,
      probeMs: 0,
      rate: 200,
      timeoutMs: 1000,
    };
    await setup(spec, 'us');
    const history = await run(spec, 1000, 4);
    expect(contractViolations(history)).toEqual([]);
    const final = await finalValues('us');
    const adds = history.filter((e) => e.f === 'add' && e.type === 'ok');
    expect(adds.length).toBeGreaterThan(50);
    for (const key of ['c0', 'c1', 'c2']) {
      const sum = adds
        .filter((e) => e.key === key)
        .reduce((total, e) => total + (e.value as number), 0);
      expect(final[key]).toBe(sum);
    }
  });

  it('replays the same operation sequence for the same seed: the plan, some ops dropped at most', async () => {
    cluster = await startStores(['us', 'eu']);
    const spec = { ...base, probeMs: 0, clients: 8, routerClients: 4, rate: 60 };
    const regions = Object.keys(cluster.regions);
    const plan = (seed: number) => plannedInvokes(spec, regions, seed, 400);
    const runs = [42, 42, 43] as const;
    for (const seed of runs) {
      const recorded = recordedInvokes(await run(spec, 1000, seed));
      expect(recorded.length).toBeGreaterThan(20);
      // In the order the seed's plan says, on the processes it names, with the values it
      // implies; an op dropped because its client was busy is the only departure.
      const positions = planPositions(recorded, plan(seed));
      expect(positions.filter((p) => p === undefined).length, `not in seed ${seed}'s plan`).toBe(0);
      expect(recorded.length / (positions.at(-1)! + 1)).toBeGreaterThan(0.3);
      if (seed === 43) expect(planPositions(recorded, plan(42))).toContain(undefined);
    }
  });
});

function subsetSums(amounts: number[]): Set<number> {
  let sums = new Set([0]);
  for (const amount of amounts) sums = new Set([...sums, ...[...sums].map((sum) => sum + amount)]);
  return sums;
}
