// Soak benchmark (not a test): `gameday run` of a scenario at 2,000 ops/s with a fault every
// minute for BENCH_SOAK_MS (default 30 min). Prints a line a minute while it runs (gameday's
// RSS and open fds, the processes of the run, history.jsonl growth) and at the end: peak
// memory in the first vs the last part of the run, fds early vs late, what is left running
// afterwards, and whether every fault was healed on time (by gameday itself, not the watchdog).
// Run: npm run build && BENCH_SOAK_MS=300000 node dist/bench/main.js soak
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import type { RunEvent } from '../src/model.js';
import type { TopologyState } from '../src/topology/driver.js';

const SOAK_MS = Number(process.env.BENCH_SOAK_MS ?? 30 * 60_000);
const RATE = Number(process.env.BENCH_SOAK_RATE ?? 2000);
const WARMUP_MS = 5000;
/** A fault healed later than this after its planned end is late. */
const ON_TIME_MS = 1000;
const BIN = fileURLToPath(new URL('../../bin/gameday.js', import.meta.url));
const FAULTS = [
  'fault: partition, regions: [us, eu]',
  'fault: latency, regions: [us, eu], ms: 200, jitter: 50',
  'fault: kill-region, region: eu',
  'fault: flaky, regions: [us, eu], toxicity: 0.3',
  'fault: pause-region, region: us',
  'fault: isolate-region, region: eu',
];

/** One fault a minute, 20 s each, from 20 s on, cycling through the kinds above. Each client
 * runs one op at a time and an op due while its client is busy is dropped: 40 clients leave
 * each 20 ms an op at 2,000/s (the default 10 delivered ~1,750/s on an idle machine). */
function scenario(): string {
  const steps: string[] = [];
  for (let at = 20_000, i = 0; at + 20_000 <= SOAK_MS; at += 60_000, i++) {
    steps.push(`  - { id: f${i}, at: ${at}ms, duration: 20s, ${FAULTS[i % FAULTS.length]} }`);
  }
  return `name: soak
duration: ${SOAK_MS}ms
warmup: ${WARMUP_MS}ms
settle: 15s
workload: {kind: register, rate: ${RATE}, keys: 1000, timeout: 1s, clients: 16, routerClients: 8}
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

/** Counts history.jsonl's lines as the file grows, reading only the bytes added since. */
class HistoryCounter {
  bytes = 0;
  lines = 0;
  private readonly chunk = Buffer.alloc(1 << 20);
  constructor(private readonly file: string) {}
  update(): void {
    if (!existsSync(this.file)) return;
    const fd = openSync(this.file, 'r');
    try {
      for (;;) {
        const n = readSync(fd, this.chunk, 0, this.chunk.length, this.bytes);
        if (n <= 0) break;
        for (let i = this.chunk.indexOf(10); i >= 0 && i < n; i = this.chunk.indexOf(10, i + 1)) {
          this.lines++;
        }
        this.bytes += n;
      }
    } finally {
      closeSync(fd);
    }
  }
}

/** Processes under `root` (its descendants, by parent pid), found by one walk of /proc. */
function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!stat.includes(') Z')) parent.set(Number(name), ppid);
  }
  const found: number[] = [];
  for (const pid of parent.keys()) {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) {
      if (p === root) {
        found.push(pid);
        break;
      }
    }
  }
  return found;
}

interface Minute {
  minute: number;
  rssMbMax: number;
  fdsMax: number;
  processes: number;
  historyMb: number;
  historyMbGrowth: number;
  opsPerSec: number;
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
  const minutes: Minute[] = [];
  const topologyPids = new Set<number>();
  const history = new HistoryCounter(join(out, 'history.jsonl'));
  let last = { bytes: 0, lines: 0, sampleIndex: 0 };
  const perMinute = () => {
    history.update();
    const own = new Set(descendants(child.pid!));
    for (const pid of topologyPids) if (alive(pid)) own.add(pid);
    const inMinute = samples.slice(last.sampleIndex);
    const row: Minute = {
      minute: minutes.length + 1,
      rssMbMax: Math.round(Math.max(0, ...inMinute.map((x) => x.rssKb)) / 1024),
      fdsMax: Math.max(0, ...inMinute.map((x) => x.fds)),
      processes: own.size,
      historyMb: Math.round(history.bytes / 2 ** 20),
      historyMbGrowth: Math.round((history.bytes - last.bytes) / 2 ** 20),
      opsPerSec: Math.round((history.lines - last.lines) / 2 / 60),
    };
    minutes.push(row);
    console.error(`soak ${JSON.stringify(row)}`);
    last = { bytes: history.bytes, lines: history.lines, sampleIndex: samples.length };
  };
  const timer = setInterval(() => {
    const s = sample(child.pid!, Date.now() - started);
    if (s) samples.push(s);
    for (const pid of recordedPids(root)) topologyPids.add(pid);
    if (samples.length - last.sampleIndex >= 60) perMinute();
  }, 1000);
  const result = await child;
  clearInterval(timer);
  history.update();
  const figures = summarize(samples, out, root, [...topologyPids], history.lines);
  rmSync(root, { recursive: true, force: true });
  const stderrTail = String(result.stderr).trim().split('\n').slice(-3).join(' / ');
  return {
    soakMs: SOAK_MS,
    rate: RATE,
    exitCode: result.exitCode,
    stderrTail,
    ...figures,
    perMinute: minutes.map((m) => JSON.stringify(m)),
  };
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

function summarize(all: Sample[], out: string, root: string, pids: number[], lines: number) {
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
  const starts = events.filter((e) => e.type === 'fault-start');
  const ends = events.filter((e) => e.type === 'fault-end');
  const lateness = ends.map((e) => (e.startedTime ?? e.time) - (e.plannedTime ?? e.time));
  const endedIds = new Set(ends.map((e) => e.id));
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
    faultsInjected: starts.length,
    faultsHealed: ends.length,
    faultsNeverHealed: starts.filter((e) => !endedIds.has(e.id)).map((e) => e.id),
    faultsHealedLate: lateness.filter((ms) => ms > ON_TIME_MS).length,
    healLatenessMsMax: Math.round(Math.max(0, ...lateness) * 10) / 10,
    healLatenessMsMedian: Math.round(median(lateness) * 10) / 10,
    healedByWatchdog: watchdogHeals,
    historyMb: Math.round(
      (statSync(join(out, 'history.jsonl'), { throwIfNoEntry: false })?.size ?? 0) / 2 ** 20,
    ),
    opsPerSecAchieved: Math.round(lines / 2 / ((WARMUP_MS + SOAK_MS) / 1000)),
  };
}
