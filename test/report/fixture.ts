// A hand-built run for report tests: two regions, 60 s, a replication partition at 20–40 s and
// a kill of eu at 45–52 s, with stale reads, split-brain writes and lag that follow from them.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HistoryEvent, Report, RunEvent } from '../../src/model.js';

/** A small deterministic PRNG (mulberry32) so the picture is the same on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const RUN_MS = 60_000;

export const events: RunEvent[] = [
  { time: 20_000, type: 'fault-start', id: 's1', fault: 'partition', regions: ['us', 'eu'] },
  {
    time: 26_000,
    type: 'fault-start',
    id: 's3',
    fault: 'latency',
    regions: ['eu'],
    params: { ms: 200 },
  },
  { time: 34_000, type: 'fault-end', id: 's3', fault: 'latency', regions: ['eu'] },
  { time: 40_000, type: 'fault-end', id: 's1', fault: 'partition', regions: ['us', 'eu'] },
  { time: 45_000, type: 'fault-start', id: 's2', fault: 'kill-region', regions: ['eu'] },
  { time: 52_000, type: 'fault-end', id: 's2', fault: 'kill-region', regions: ['eu'] },
];

/** Each region's clients: ~40 ops/s, slower and failing while a fault hits them. */
export function history(keyOf: (i: number) => string = (i) => `k${i % 50}`): HistoryEvent[] {
  const rand = random(7);
  const out: HistoryEvent[] = [];
  for (const region of ['us', 'eu']) {
    for (let p = 0; p < 4; p++) {
      const process = `${region}-${p}`;
      for (let t = rand() * 100, i = 0; t < RUN_MS; i++) {
        const killed = region === 'eu' && t >= 45_000 && t < 52_000;
        const partitioned = t >= 20_000 && t < 40_000;
        const latency =
          (killed ? 400 : partitioned ? 30 : 8) * (0.5 + rand() * (rand() < 0.02 ? 8 : 1));
        const f = rand() < 0.5 ? 'read' : 'write';
        const base = { process, region, via: 'direct' as const, f, key: keyOf(i) };
        const value = f === 'write' ? `${process}:${i}` : null;
        out.push({ ...base, time: t, type: 'invoke', value });
        const type = killed ? (rand() < 0.7 ? 'fail' : 'info') : 'ok';
        out.push({ ...base, time: t + latency, type, value });
        t += latency + 80 + rand() * 20;
      }
    }
  }
  return out.sort((a, b) => a.time - b.time);
}

function lagSeries(): NonNullable<Report['checks']['replicationLag']['series']> {
  const series = [];
  for (let t = 500; t < RUN_MS; t += 500) {
    const cut = t >= 20_000 && t < 40_000;
    series.push({ time: t, lagMs: cut ? t - 20_000 + 15 : 12 + (t % 7), from: 'us', to: 'eu' });
    if (!(t >= 45_000 && t < 52_000)) {
      series.push({
        time: t + 120,
        lagMs: cut ? t - 20_000 + 30 : 14 + (t % 5),
        from: 'eu',
        to: 'us',
      });
    }
  }
  return series;
}

export function report(key = 'k7'): Report {
  const stale = [41_200, 44_000, 52_900].map((time) => ({
    time,
    key,
    region: 'eu',
    note: `read ${key} → us-1:3 after us-2:9 was acknowledged`,
  }));
  const splitBrain = [21_000, 27_500, 33_100].map((time) => ({
    time,
    key,
    region: 'us',
    note: `us and eu both acknowledged a write of ${key} during s1`,
  }));
  return {
    verdict: 'fail',
    slos: [
      {
        name: 'split_brain_writes',
        target: '0',
        measured: 3,
        pass: false,
        evidence: [splitBrain[0]!.note],
      },
      { name: 'stale_read_rate', target: '< 0.1%', measured: 0.0012, pass: false },
      { name: 'failover_time', target: '< 30s', measured: 3400, pass: true },
      { name: 'availability', target: '>= 99%', measured: 0.962, pass: false },
    ],
    checks: {
      staleReads: {
        count: 3,
        reads: 2400,
        ratePer10k: 12.5,
        byRegion: {},
        stalenessMs: { p50: 900, p99: 2000, max: 2100 },
        evidence: stale,
      },
      readYourWrites: { count: 0 },
      monotonicReads: { count: 0 },
      impossibleReads: { garbage: 0, aborted: 0, future: 0 },
      lostWrites: {
        count: 1,
        keys: [key],
        evidence: [
          {
            time: 30_000,
            key,
            region: 'eu',
            note: `${key} ended older than an acknowledged write`,
          },
        ],
      },
      splitBrainWrites: { pairs: 3, keys: [key], evidence: splitBrain },
      divergence: { keys: [] },
      finalImpossible: { count: 0, keys: [] },
      bank: { overdrafts: 0, drift: 0 },
      counters: { lostIncrements: 0 },
      replicationLag: {
        p50: 14,
        p95: 18_000,
        p99: 19_500,
        max: 20_000,
        uncovered: 1,
        byDirection: {
          'us->eu': { p50: 14, p95: 18_000, p99: 19_500, max: 20_000, uncovered: 1 },
          'eu->us': null,
        },
        series: lagSeries(),
      },
      conflictRate: { store: 4, history: 12.5, writes: 2400, conflicts: 3, storeConflicts: 1 },
      convergence: { maxMs: 800, unconverged: 0 },
      failover: [{ step: 's2', region: 'eu', detectionMs: 1200, failoverMs: 3400, errors: 41 }],
      availability: { overall: 0.962, byEntry: { us: 1, eu: 0.924 }, byPhase: [] },
      latency: {
        byEntry: { us: { p50: 8, p95: 30, p99: 60 }, eu: { p50: 9, p95: 300, p99: 400 } },
      },
      trafficDistribution: { skew: null, byPhase: [] },
    },
  };
}

export const SCENARIO = `name: partition-then-kill
duration: 60s
steps:
  - {id: s1, at: 20s, duration: 20s, partition: {regions: [us, eu], scope: replication}}
  - {id: s2, at: 45s, duration: 7s, kill-region: eu}
`;

/** Writes the fixture as a run directory in the contract format (DESIGN.md section 6). */
export async function writeRunDir(dir: string): Promise<void> {
  const ops = history();
  const last: Record<string, unknown> = {};
  for (const e of ops) if (e.type === 'ok' && e.f === 'write') last[e.key] = e.value;
  const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
  await writeFile(join(dir, 'history.jsonl'), jsonl(ops));
  await writeFile(join(dir, 'events.jsonl'), jsonl(events));
  await writeFile(
    join(dir, 'final.json'),
    JSON.stringify({ settled: true, settleMs: 500, regions: { us: last, eu: last } }),
  );
  await writeFile(join(dir, 'scenario.yaml'), SCENARIO);
}
