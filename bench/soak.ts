// Soak benchmark (not a test): `gameday run` of a scenario at 2,000 ops/s with a fault every
// minute for BENCH_SOAK_MS (default 30 min). Reports gameday's peak memory in the first vs the
// last part of the run, its open fds early vs late, what is left running afterwards, and
// whether every fault was healed on time (by gameday itself, not by the watchdog).
// Run: npm run build && BENCH_SOAK_MS=300000 node dist/bench/main.js soak
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import type { RunEvent } from '../src/model.js';
import type { TopologyState } from '../src/topology/driver.js';

const SOAK_MS = Number(process.env.BENCH_SOAK_MS ?? 30 * 60_000);
const RATE = Number(process.env.BENCH_SOAK_RATE ?? 2000);
const WARMUP_MS = 5000;
const BIN = fileURLToPath(new URL('../../bin/gameday.js', import.meta.url));
const FAULTS = [
  'fault: partition, regions: [us, eu]',
  'fault: latency, regions: [us, eu], ms: 200, jitter: 50',
  'fault: kill-region, region: eu',
  'fault: flaky, regions: [us, eu], toxicity: 0.3',
  'fault: pause-region, region: us',
  'fault: isolate-region, region: eu',
];

/** One fault a minute, 20 s each, from 20 s on, cycling through the kinds above. */
function scenario(): string {
  const steps: string[] = [];
  for (let at = 20_000, i = 0; at + 20_000 <= SOAK_MS; at += 60_000, i++) {
    steps.push(`  - { id: f${i}, at: ${at}ms, duration: 20s, ${FAULTS[i % FAULTS.length]} }`);
  }
  return `name: soak
duration: ${SOAK_MS}ms
warmup: ${WARMUP_MS}ms
settle: 15s
workload: {kind: register, rate: ${RATE}, keys: 1000, timeout: 1s}
steps:
${steps.join('\n') || '  []'}
`;
}

interface Sample {
  at: number;
  rssKb: number;
  fds: number;
}

function sample(pid: number, at: number): Sample | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { at, rssKb, fds: readdirSync(`/proc/${pid}/fd`).length };
  } catch {
    return undefined;
  }
}

function historyOps(out: string): number {
  const file = join(out, 'history.jsonl');
  return existsSync(file) ? Math.floor(readFileSync(file, 'utf8').split('\n').length / 2) : 0;
}

const alive = (pid: number) => existsSync(`/proc/${pid}`) && !/\) Z/.test(readStat(pid));
const readStat = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return ') Z';
  }
};

export async function benchSoak(): Promise<Record<string, unknown>> {
  const root = mkdtempSync(join(tmpdir(), 'gameday-soak-'));
  const file = join(root, 'soak.yaml');
  writeFileSync(file, scenario());
  const out = join(root, 'run');
  const started = Date.now();
  const child = execa(process.execPath, [BIN, 'run', file, '--out', out, '--ci'], {
    reject: false,
    env: { GAMEDAY_STATE_DIR: root, NO_COLOR: '1' },
    timeout: SOAK_MS + 5 * 60_000,
  });
  const samples: Sample[] = [];
  const topologyPids = new Set<number>();
  const timer = setInterval(() => {
    const s = sample(child.pid!, Date.now() - started);
    if (s) samples.push(s);
    for (const pid of recordedPids(root)) topologyPids.add(pid);
  }, 1000);
  const result = await child;
  clearInterval(timer);
  const figures = summarize(samples, out, root, [...topologyPids]);
  rmSync(root, { recursive: true, force: true });
  const stderrTail = String(result.stderr).trim().split('\n').slice(-3).join(' / ');
  return { soakMs: SOAK_MS, rate: RATE, exitCode: result.exitCode, stderrTail, ...figures };
}

function recordedPids(root: string): number[] {
  const stateFile = join(root, '.gameday', 'state.json');
  const watchdogFile = join(root, '.gameday', 'watchdog.pid');
  try {
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as TopologyState;
    const pids = [
      state.toxiproxy.pid,
      state.router.pid,
      ...Object.values(state.regions).map((r) => r.pid),
    ];
    if (existsSync(watchdogFile)) pids.push(Number(readFileSync(watchdogFile, 'utf8')));
    return pids.filter((p): p is number => typeof p === 'number' && p > 0);
  } catch {
    return [];
  }
}

function summarize(all: Sample[], out: string, root: string, pids: number[]) {
  // The workload's time only: teardown and the checks afterwards are a different load.
  const samples = all.filter((s) => s.at <= WARMUP_MS + SOAK_MS);
  const part = Math.max(1, Math.floor(samples.length / 6));
  const first = samples.slice(0, part);
  const last = samples.slice(-part);
  const peak = (s: Sample[]) => Math.round(Math.max(...s.map((x) => x.rssKb)) / 1024);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const events = existsSync(join(out, 'events.jsonl'))
    ? readFileSync(join(out, 'events.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as RunEvent)
    : [];
  const ends = events.filter((e) => e.type === 'fault-end');
  const lateness = ends.map((e) => (e.startedTime ?? e.time) - (e.plannedTime ?? e.time));
  const watchdogLog = join(root, '.gameday', 'logs', 'watchdog.log');
  const watchdogHeals = existsSync(watchdogLog)
    ? (readFileSync(watchdogLog, 'utf8').match(/deadline passed/g) ?? []).length
    : 0;
  return {
    samples: samples.length,
    peakRssMbFirstSixth: peak(first),
    peakRssMbLastSixth: peak(last),
    fdsEarly: median(first.map((s) => s.fds)),
    fdsLate: median(last.map((s) => s.fds)),
    topologyProcessesSeen: pids.length,
    processesLeftRunning: pids.filter(alive).length,
    faultsInjected: events.filter((e) => e.type === 'fault-start').length,
    faultsHealed: ends.length,
    healLatenessMsMax: Math.round(Math.max(0, ...lateness) * 10) / 10,
    healedByWatchdog: watchdogHeals,
    opsPerSecAchieved: Math.round(historyOps(out) / ((WARMUP_MS + SOAK_MS) / 1000)),
  };
}
