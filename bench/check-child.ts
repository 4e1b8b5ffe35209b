// One measurement of bench/checks.ts, alone in its process so its peak RSS is its own:
// `floor DIR` reads DIR/history.jsonl and JSON.parses every line (the least any check can
// cost); `check DIR` runs every check (checkRunDir, as `gameday check --json` does) and
// then writes report.html; `check DIR N` parses history.jsonl on N threads (--workers N; the
// default otherwise); `check DIR N SIZE` also passes --max-memory SIZE (512MB, 1.5GB; `-` for
// N: the default threads) and says how many times history.jsonl was read. Prints {wallMs,
// cpuMs, peakRssMB, ...} as JSON.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { checkRunDir } from '../src/checks/index.js';
import { parseMaxMemory } from '../src/cli/options.js';
import { forEachJsonLine } from '../src/history/lines.js';
import { writeHtmlReport } from '../src/report/html/write.js';

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
