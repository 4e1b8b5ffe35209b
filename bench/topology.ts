// Benchmark of the local topology (issue 2): `up` to all-healthy (median), a fault from the
// call to its effect on the wire (p50/p99), and store throughput through Toxiproxy vs direct
// with 16 concurrent clients (ratio). Run: npm run build && node dist/bench/topology.js
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { faultContext, healFault, injectFault, type FaultSpec } from '../src/faults/index.js';
import type { TopologySpec } from '../src/model.js';
import { run } from '../src/proc/run.js';
import { packageRoot } from '../src/topology/drivers/local-parts.js';
import { DEFAULT_ROUTER } from '../src/topology/haproxy.js';
import { downTopology, upTopology } from '../src/topology/index.js';

const UP_ROUNDS = Number(process.env.BENCH_UP_ROUNDS ?? 7);
const FAULT_ROUNDS = Number(process.env.BENCH_FAULT_ROUNDS ?? 40);
const THROUGHPUT_MS = Number(process.env.BENCH_THROUGHPUT_MS ?? 1000);
const THROUGHPUT_PAIRS = Number(process.env.BENCH_THROUGHPUT_PAIRS ?? 10);
const CLIENTS = 16;

const spec = (durability: 'fsync' | 'none'): TopologySpec => ({
  regions: ['us', 'eu'],
  store: { conflict: 'lww', writes: 'async', durability },
  router: DEFAULT_ROUTER,
});

export async function benchTopology() {
  const root = mkdtempSync(join(tmpdir(), 'gameday-bench-topo-'));
  try {
    const upMs = await benchUp(root);
    const cliUpMs = await benchCliUp(root);
    const state = await upTopology(spec('none'), { root });
    const faultToWire = {
      refuse: await benchFault(root, state, 'refuse'),
      reset: await benchFault(root, state, 'reset'),
    };
    const throughput = await benchThroughput(state.regions.us!);
    await downTopology(root);
    return {
      upToHealthyMs: { median: median(upMs), samples: upMs.map(round) },
      cliUpToHealthyMs: { median: median(cliUpMs), samples: cliUpMs.map(round) },
      faultToWire,
      throughput,
    };
  } finally {
    await downTopology(root).catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  }
}

async function benchUp(root: string): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < UP_ROUNDS; i++) {
    const start = performance.now();
    await upTopology(spec('fsync'), { root });
    samples.push(performance.now() - start);
    await downTopology(root);
  }
  return samples;
}

/** The same through `node bin/gameday.js up`, Node's start and the CLI's imports included. */
async function benchCliUp(root: string): Promise<number[]> {
  const bin = join(packageRoot(), 'bin', 'gameday.js');
  const samples: number[] = [];
  for (let i = 0; i < UP_ROUNDS; i++) {
    const start = performance.now();
    const up = await run(process.execPath, [bin, 'up', '--state-dir', root], { timeoutMs: 60_000 });
    if (up.exitCode !== 0) throw new Error(`gameday up failed: ${up.stderr}`);
    samples.push(performance.now() - start);
    await downTopology(root);
  }
  return samples;
}

type State = Awaited<ReturnType<typeof upTopology>>;

/** Cuts clients → eu and times until a fresh request through that link fails. */
async function benchFault(root: string, state: State, mode: 'refuse' | 'reset') {
  const ctx = faultContext(root, state);
  const url = `${state.regions.eu!.clientUrl}/health`;
  const samples: number[] = [];
  for (let i = 0; i < FAULT_ROUNDS; i++) {
    const fault: FaultSpec = {
      id: `b${i}`,
      fault: 'partition',
      regions: ['us', 'eu'],
      params: { scope: 'clients', mode },
    };
    if (!(await probe(url))) throw new Error('link not clean before the fault');
    const start = performance.now();
    await injectFault(ctx, fault);
    while (await probe(url))
      if (performance.now() - start > 5000) throw new Error('fault never observed');
    samples.push(performance.now() - start);
    await healFault(ctx, fault);
  }
  return {
    p50: percentile(samples, 0.5),
    p99: percentile(samples, 0.99),
    max: round(Math.max(...samples)),
  };
}

/** A fresh connection (no pooled socket that predates the fault), true when it answers 200. */
async function probe(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, {
      headers: { connection: 'close' },
      signal: AbortSignal.timeout(1000),
    });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Short direct and through-Toxiproxy slices, alternated (order flipped every pair) so the load
 * other work puts on this shared machine hits both sides alike; the ratio is the pairs' median.
 */
async function benchThroughput(region: State['regions'][string]) {
  const pairs: { direct: number; toxiproxy: number }[] = [];
  for (let i = 0; i < THROUGHPUT_PAIRS; i++) {
    const slice = (url: string) => opsPerSec(url);
    if (i % 2 === 0) {
      const direct = await slice(region.directUrl);
      pairs.push({ direct, toxiproxy: await slice(region.clientUrl) });
    } else {
      const toxiproxy = await slice(region.clientUrl);
      pairs.push({ direct: await slice(region.directUrl), toxiproxy });
    }
  }
  return {
    clients: CLIENTS,
    directOpsPerSec: median(pairs.map((p) => p.direct)),
    toxiproxyOpsPerSec: median(pairs.map((p) => p.toxiproxy)),
    ratio: median(pairs.map((p) => p.toxiproxy / p.direct)),
    pairs,
  };
}

/** 16 closed-loop clients, half reads and half writes over 1000 keys, for THROUGHPUT_MS. */
async function opsPerSec(baseUrl: string): Promise<number> {
  const deadline = performance.now() + THROUGHPUT_MS;
  let ops = 0;
  const client = async (c: number) => {
    for (let n = 0; performance.now() < deadline; n++) {
      const key = `bench-${(c * 7919 + n) % 1000}`;
      const write = n % 2 === 0;
      const res = await fetch(`${baseUrl}/kv/${key}`, {
        method: write ? 'PUT' : 'GET',
        headers: write ? { 'content-type': 'application/json' } : undefined,
        body: write ? JSON.stringify({ value: `${c}:${n}` }) : undefined,
      });
      await res.arrayBuffer();
      ops++;
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
  return Math.round(ops / (THROUGHPUT_MS / 1000));
}

function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0);
}

function median(values: number[]): number {
  return percentile(values, 0.5);
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await benchTopology(), null, 2));
}
