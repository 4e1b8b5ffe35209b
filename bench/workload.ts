// Benchmark: sustained ops/s the workload generator records against two real bundled-store
// nodes (goal 5,000 ops/s across both regions), and the cost of recording the history
// (with vs without, as a ratio), plus heap in a 2,000 ops/s soak (needs --expose-gc).
// Run: npm run build && node --expose-gc dist/bench/workload.js
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DiscardingRecorder, HistoryRecorder, type HistorySink } from '../src/workload/recorder.js';
import type { WorkloadSpec } from '../src/workload/spec.js';
import { startWorkload } from '../src/workload/workload.js';

const KVSTORE_MAIN = fileURLToPath(new URL('../fixtures/kvstore/main.js', import.meta.url));
const REGIONS = ['us', 'eu'];
const RUN_MS = Number(process.env.BENCH_WORKLOAD_MS ?? 4000);
const ROUNDS = Number(process.env.BENCH_WORKLOAD_ROUNDS ?? 4);
const SOAK_MS = Number(process.env.BENCH_WORKLOAD_SOAK_MS ?? 20_000);
// e.g. BENCH_KVSTORE_ARGS="--durability none" to take fsync out of the store's cost.
const STORE_ARGS = (process.env.BENCH_KVSTORE_ARGS ?? '').split(' ').filter(Boolean);

const spec: WorkloadSpec = {
  kind: 'register',
  rate: Number(process.env.BENCH_WORKLOAD_RATE ?? 6000),
  clients: 24,
  routerClients: 0,
  keys: 1000,
  readRatio: 0.5,
  casRatio: 0.1,
  accounts: 0,
  balance: 0,
  amount: 0,
  timeoutMs: 1000,
  probeMs: 100,
};

interface Sample {
  opsPerSec: number;
  dropped: number;
  bytes: number;
}

export async function benchWorkload(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'gameday-bench-workload-'));
  const stores = await startStores(dir);
  try {
    const recorded: Sample[] = [];
    const discarded: Sample[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      recorded.push(
        await measure(stores.regions, new HistoryRecorder(join(dir, `h${round}.jsonl`))),
      );
      discarded.push(await measure(stores.regions, new DiscardingRecorder()));
    }
    const withRec = median(recorded.map((s) => s.opsPerSec));
    const without = median(discarded.map((s) => s.opsPerSec));
    return {
      targetRate: spec.rate,
      recordedOpsPerSec: Math.round(withRec),
      unrecordedOpsPerSec: Math.round(without),
      recordingCostRatio: Number((without / withRec).toFixed(3)),
      droppedPerRunMedian: median(recorded.map((s) => s.dropped)),
      recorderMicrosPerEvent: await recorderCost(join(dir, 'micro.jsonl')),
      ...(await soakHeap(stores.regions, join(dir, 'soak.jsonl'))),
      historyBytesPerOp: Math.round(
        median(recorded.map((s) => s.bytes / (s.opsPerSec * (RUN_MS / 1000)))),
      ),
    };
  } finally {
    await stores.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measure(
  regions: Record<string, { clientUrl: string }>,
  recorder: HistorySink,
): Promise<Sample> {
  const start = performance.now();
  const clock = () => performance.now() - start;
  const workload = await startWorkload({ workload: spec, regions, recorder, seed: 1, clock });
  await new Promise((done) => setTimeout(done, RUN_MS));
  const { groups } = workload.stats();
  await workload.stop();
  await recorder.close();
  const elapsed = clock();
  const completed = Object.values(groups).reduce((sum, g) => sum + g.ok + g.fail + g.info, 0);
  const dropped = Object.values(groups).reduce((sum, g) => sum + g.dropped, 0);
  const bytes = recorder instanceof HistoryRecorder ? statSync(recorder.path).size : 0;
  return { opsPerSec: (completed * 1000) / elapsed, dropped, bytes };
}

/** Heap after GC early in a 2,000 ops/s run and at its end: recording must not grow it. */
async function soakHeap(
  regions: Record<string, { clientUrl: string }>,
  path: string,
): Promise<Record<string, number>> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc || SOAK_MS <= 0) return {};
  const heapMb = () => (gc(), process.memoryUsage().heapUsed / 2 ** 20);
  const start = performance.now();
  const recorder = new HistoryRecorder(path);
  const soakSpec = { ...spec, rate: 2000 };
  const clock = () => performance.now() - start;
  const workload = await startWorkload({ workload: soakSpec, regions, recorder, seed: 2, clock });
  await new Promise((done) => setTimeout(done, SOAK_MS / 4));
  const early = heapMb();
  await new Promise((done) => setTimeout(done, (SOAK_MS * 3) / 4));
  const late = heapMb();
  const { groups } = workload.stats();
  await workload.stop();
  await recorder.close();
  const completed = Object.values(groups).reduce((sum, g) => sum + g.ok + g.fail + g.info, 0);
  return {
    soakSeconds: SOAK_MS / 1000,
    soakOps: completed,
    soakHeapMbEarly: Number(early.toFixed(1)),
    soakHeapMbLate: Number(late.toFixed(1)),
  };
}

/** The recorder alone: microseconds per history event (serialise + batched write). */
async function recorderCost(path: string): Promise<number> {
  const recorder = new HistoryRecorder(path);
  const events = 200_000;
  const started = performance.now();
  for (let i = 0; i < events; i += 1) {
    const type = i % 2 ? 'ok' : 'invoke';
    recorder.record({
      time: performance.now(),
      type,
      process: 'us-3',
      region: 'us',
      via: 'direct',
      f: 'write',
      key: `k${i % 1000}`,
      value: `us-3:${i}`,
    });
    if (i % 1000 === 0) await new Promise((done) => setImmediate(done)); // let the stream drain as in a run
  }
  await recorder.close();
  return Number((((performance.now() - started) / events) * 1000).toFixed(2));
}

async function startStores(dir: string) {
  const ports = await Promise.all(REGIONS.map(freePort));
  const url = (i: number) => `http://127.0.0.1:${ports[i]}`;
  const children: ChildProcess[] = REGIONS.map((region, i) => {
    const peers = REGIONS.flatMap((other, j) => (j === i ? [] : ['--peer', `${other}=${url(j)}`]));
    const args = [
      KVSTORE_MAIN,
      '--region',
      region,
      '--port',
      String(ports[i]),
      '--data-dir',
      join(dir, region),
      ...peers,
      ...STORE_ARGS,
    ];
    return spawn(process.execPath, args, { stdio: 'ignore' });
  });
  const stop = async () => {
    for (const child of children) child.kill('SIGKILL');
    await Promise.all(
      children.map((child) =>
        child.exitCode === null ? new Promise((done) => child.once('exit', done)) : undefined,
      ),
    );
  };
  try {
    await Promise.all(REGIONS.map((_, i) => waitHealthy(url(i))));
  } catch (error) {
    await stop();
    throw error;
  }
  return { regions: Object.fromEntries(REGIONS.map((r, i) => [r, { clientUrl: url(i) }])), stop };
}

async function waitHealthy(url: string): Promise<void> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
    if (
      await fetch(`${url}/health`).then(
        (res) => res.ok,
        () => false,
      )
    )
      return;
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error(`kvstore at ${url} not healthy within 10 s`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await benchWorkload(), null, 2));
}
