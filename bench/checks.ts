// Benchmark of the checks (issue 4): synthetic runs of 100k and 1M operations (two regions,
// a replication partition, lag), read from disk and checked by `checkRunDir`. Prints ops/s,
// wall time, peak RSS and the 100k → 1M growth. Goals: 1M under 10 s and 1.5 GB; growth ≤ 12×.
// Run: npm run build && node dist/bench/main.js checks
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkRunDir } from '../src/checks/index.js';
import { writeSyntheticRun } from './history-gen.js';

const SIZES = [100_000, 1_000_000];
const ROUNDS = Number(process.env.BENCH_CHECK_ROUNDS ?? 3);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Median wall and CPU (user + system) time of checkRunDir over ROUNDS runs. The CPU figure
 * is the steadier one on a shared machine: wall time also counts waiting for a core. */
async function timeChecks(ops: number): Promise<{ ms: number; cpuMs: number; findings: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'gameday-bench-checks-'));
  try {
    await writeSyntheticRun(dir, ops);
    const times: number[] = [];
    const cpu: number[] = [];
    let findings = '';
    for (let round = 0; round < ROUNDS; round++) {
      const started = performance.now();
      const cpuStart = process.cpuUsage();
      const report = await checkRunDir(dir);
      times.push(performance.now() - started);
      const used = process.cpuUsage(cpuStart);
      cpu.push((used.user + used.system) / 1000);
      const c = report.checks;
      findings = `stale=${c.staleReads.count} splitBrainPairs=${c.splitBrainWrites.pairs} lost=${c.lostWrites.count} lagP95=${c.replicationLag.p95}ms`;
    }
    return { ms: median(times), cpuMs: median(cpu), findings };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchChecks(): Promise<Record<string, number | string>> {
  const results: Record<string, number | string> = {};
  const ms: number[] = [];
  const cpuMs: number[] = [];
  for (const ops of SIZES) {
    const r = await timeChecks(ops);
    ms.push(r.ms);
    cpuMs.push(r.cpuMs);
    const label = ops >= 1e6 ? `${ops / 1e6}M` : `${ops / 1e3}k`;
    results[`wallMs_${label}`] = Math.round(r.ms);
    results[`cpuMs_${label}`] = Math.round(r.cpuMs);
    results[`opsPerSec_${label}`] = Math.round(ops / (r.ms / 1000));
    results[`findings_${label}`] = r.findings;
  }
  results.growth_100k_to_1M = Number((ms[1]! / ms[0]!).toFixed(2));
  results.growthCpu_100k_to_1M = Number((cpuMs[1]! / cpuMs[0]!).toFixed(2));
  results.peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  return results;
}
