// One measurement of bench/checks.ts, alone in its process so its peak RSS is its own:
// `floor DIR` reads DIR/history.jsonl and JSON.parses every line (the least any check can
// cost); `check DIR` runs every check (checkRunDir, as `gameday check --json` does) and
// then writes report.html; `check DIR N` parses history.jsonl and checks its keys on N threads
// (--workers N; by default: parsing on the default threads, keys in one); `check DIR N SIZE`
// also passes --max-memory SIZE (512MB, 1.5GB; `-` for N: the default threads) and says how
// many times history.jsonl was read; `keys DIR N` reads the table (default threads), then
// times only the per-key checks on N threads (keyPassMs, keyPassCpuMs); `report DIR` checks and
// writes report.html as `gameday report` does (the charts binned on the checks' read). Prints
// {wallMs, cpuMs, peakRssMB, ...} as JSON.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { ProbeCoverage } from '../src/checks/coverage.js';
import { faultSteps } from '../src/checks/faults.js';
import { checkRunDir } from '../src/checks/index.js';
import { checkKeysOnThreads } from '../src/checks/key-threads.js';
import { parseMaxMemory } from '../src/cli/options.js';
import { forEachJsonLine } from '../src/history/lines.js';
import { readRunDir } from '../src/history/rundir.js';
import { checkForHtml, writeHtmlReport } from '../src/report/html/write.js';

const [mode, dir, workers, maxMemory] = process.argv.slice(2) as [string, string, string?, string?];
const started = performance.now();
const cpu = process.cpuUsage();
const figures: Record<string, number | string> = {};
const elapsed = () => ({
  wallMs: Math.round(performance.now() - started),
  cpuMs: Math.round((process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1000),
  peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
});
if (mode === 'floor') {
  let lines = 0;
  await forEachJsonLine(join(dir, 'history.jsonl'), () => lines++);
  Object.assign(figures, elapsed(), { lines });
} else if (mode === 'report') {
  const { report, history } = await checkForHtml(dir, {});
  await writeHtmlReport(dir, report, history);
  Object.assign(figures, elapsed());
} else if (mode === 'keys') {
  const data = await readRunDir(dir);
  const coverage = new ProbeCoverage(data.ops);
  const steps = faultSteps(data.events);
  const ctx = { final: data.final, storeCounters: null, steps, coverage: () => coverage };
  const at = performance.now();
  const keyCpu = process.cpuUsage();
  const pass = await checkKeysOnThreads(data.ops, ctx, Number(workers ?? 1));
  pass.result('staleReads');
  figures.keyPassMs = Math.round(performance.now() - at);
  const used = process.cpuUsage(keyCpu);
  figures.keyPassCpuMs = Math.round((used.user + used.system) / 1000);
  Object.assign(figures, elapsed());
} else {
  const stats = { passes: 0 };
  const report = await checkRunDir(dir, {
    ...(workers && workers !== '-' && { workers: Number(workers) }),
    ...(maxMemory && { maxMemory: parseMaxMemory(maxMemory)! }),
    stats,
  });
  figures.passes = stats.passes;
  JSON.stringify(report);
  Object.assign(figures, elapsed());
  const c = report.checks;
  figures.findings = `stale=${c.staleReads.count} splitBrainPairs=${c.splitBrainWrites.pairs} lost=${c.lostWrites.count} lagP95=${c.replicationLag.p95}ms`;
  const html = await writeHtmlReport(dir, report);
  figures.htmlMB = Number((statSync(html).size / 2 ** 20).toFixed(2));
  figures.htmlWallMs = Math.round(performance.now() - started) - (figures.wallMs as number);
  figures.peakRssWithHtmlMB = Math.round(process.resourceUsage().maxRSS / 1024);
}
console.log(JSON.stringify(figures));
