// Benchmark of the checks (issues 4 and 15): synthetic runs of 1M and 10M operations (two
// regions, a replication partition, lag; bench/history-gen.ts), each measured in a child
// process of its own: the parse floor (read history.jsonl and JSON.parse every line, nothing
// else) and `gameday check` (every check, the report.json object), then report.html's size
// and the time headless Chromium takes to open it with every chart drawn (median of 3).
// Prints wall and CPU time, peak RSS, the ratio to the floor and the 1M → 10M growth; `check`
// parses on the default number of threads (`workers`) and checks keys in one, `checkN` parses
// and checks keys on `workers` threads (--workers given), `check1` does all in one (--workers 1).
// Goals (issue 15): ≤ 2× the floor; peak RSS < 400 MB at 1M and < 1.5 GB at 10M; growth ≤ 11×;
// report.html < 5 MB, open in < 3 s.
// Run: npm run build && node dist/bench/main.js checks   (BENCH_CHECK_SIZES=1000000 for 1M only;
// the 10M file is ~2.8 GB under the OS temp dir, deleted afterwards; BENCH_CHECK_SPAN_S=3600
// spreads each run over an hour instead of 0.05 ms per op, so report.html charts it in bins)
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { defaultWorkers } from '../src/history/read-ops.js';
import { writeSyntheticRun } from './history-gen.js';
import { htmlOpenMs } from './html-open.js';

const SIZES = (process.env.BENCH_CHECK_SIZES ?? '1000000,10000000').split(',').map(Number);
const SPAN_S = Number(process.env.BENCH_CHECK_SPAN_S ?? 0);
const CHILD = fileURLToPath(new URL('./check-child.js', import.meta.url));

interface Measured {
  wallMs: number;
  cpuMs: number;
  peakRssMB: number;
  findings?: string;
  htmlMB?: number;
}

async function measure(mode: 'floor' | 'check', dir: string, workers?: number): Promise<Measured> {
  const args = [CHILD, mode, dir, ...(workers ? [String(workers)] : [])];
  const child = await execa(process.execPath, args, { reject: false });
  if (child.exitCode !== 0) throw new Error(`${mode} ${dir}: ${String(child.stderr)}`);
  return JSON.parse(String(child.stdout)) as Measured;
}

export async function benchChecks(): Promise<Record<string, number | string>> {
  const results: Record<string, number | string> = {};
  const checkMs: number[] = [];
  results.workers = defaultWorkers();
  for (const ops of SIZES) {
    const label = ops >= 1e6 ? `${ops / 1e6}M` : `${ops / 1e3}k`;
    const dir = mkdtempSync(join(tmpdir(), 'gameday-bench-checks-'));
    try {
      await writeSyntheticRun(dir, ops, SPAN_S > 0 ? (SPAN_S * 1000) / ops : undefined);
      results[`historyMB_${label}`] = Math.round(
        statSync(join(dir, 'history.jsonl')).size / 2 ** 20,
      );
      const floor = await measure('floor', dir);
      const check = await measure('check', dir);
      const one = await measure('check', dir, 1);
      const threads = await measure('check', dir, defaultWorkers());
      checkMs.push(check.wallMs);
      results[`floorWallMs_${label}`] = floor.wallMs;
      results[`floorCpuMs_${label}`] = floor.cpuMs;
      results[`floorPeakRssMB_${label}`] = floor.peakRssMB;
      results[`checkWallMs_${label}`] = check.wallMs;
      results[`checkCpuMs_${label}`] = check.cpuMs;
      results[`checkPeakRssMB_${label}`] = check.peakRssMB;
      results[`timesFloorWall_${label}`] = Number((check.wallMs / floor.wallMs).toFixed(2));
      results[`timesFloorCpu_${label}`] = Number((check.cpuMs / floor.cpuMs).toFixed(2));
      results[`check1WallMs_${label}`] = one.wallMs;
      results[`check1CpuMs_${label}`] = one.cpuMs;
      results[`check1PeakRssMB_${label}`] = one.peakRssMB;
      results[`check1TimesFloorWall_${label}`] = Number((one.wallMs / floor.wallMs).toFixed(2));
      results[`checkNWallMs_${label}`] = threads.wallMs;
      results[`checkNCpuMs_${label}`] = threads.cpuMs;
      results[`checkNPeakRssMB_${label}`] = threads.peakRssMB;
      results[`checkNTimesFloorWall_${label}`] = Number((threads.wallMs / floor.wallMs).toFixed(2));
      if (threads.findings !== check.findings) throw new Error(`checkN found otherwise: ${label}`);
      results[`findings_${label}`] = check.findings ?? '';
      results[`reportHtmlMB_${label}`] = check.htmlMB ?? -1;
      results[`reportHtmlOpenMs_${label}`] = await htmlOpenMs(join(dir, 'report.html'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (checkMs.length === 2) {
    results.growthWall = Number((checkMs[1]! / checkMs[0]!).toFixed(2));
  }
  return results;
}
