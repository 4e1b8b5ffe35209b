// Issue 11 item 11: a step `at: 12s` was reported as "cut at 14.0–19.0 s" (warmup included).
// Every report reads times on the scenario clock: t = 0 at the `faults` phase event.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkRunDir } from '../../src/checks/index.js';
import { main } from '../../src/cli/main.js';
import type { RunEvent } from '../../src/model.js';
import { writeHtmlReport } from '../../src/report/html/write.js';
import { junitXml } from '../../src/report/junit.js';
import { finalOf, historyOf, ops, partition, r, w } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

const jsonl = (items: unknown[]) => items.map((i) => JSON.stringify(i)).join('\n') + '\n';
const phase = (time: number, name: string): RunEvent => ({ time, type: 'phase', phase: name });

/** warmup 2 s, then a partition step at 12 s for 5 s: history times 14000–19000. */
function runDir(withFaultsPhase: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'gameday-clock-'));
  dirs.push(dir);
  const history = historyOf(
    ops(
      r('us-2', null, 500, 510),
      w('us-1', 'a', 15_000, 15_010),
      w('eu-1', 'b', 15_500, 15_510),
      r('us-2', 'a', 16_000, 16_010),
    ),
  );
  const events = [
    phase(0, 'warmup'),
    ...(withFaultsPhase ? [phase(2000, 'faults')] : []),
    ...partition('s1', 14_000, 19_000),
    phase(20_000, 'heal'),
  ];
  writeFileSync(join(dir, 'history.jsonl'), jsonl(history));
  writeFileSync(join(dir, 'events.jsonl'), jsonl(events));
  writeFileSync(
    join(dir, 'final.json'),
    JSON.stringify(finalOf({ us: { k: 'a' }, eu: { k: 'a' } })),
  );
  writeFileSync(
    join(dir, 'scenario.yaml'),
    'name: clock\nwarmup: 2s\nduration: 20s\nsteps:\n  - { id: s1, at: 12s, duration: 5s, fault: partition, regions: [us, eu] }\nslo:\n  split_brain_writes: 0\n',
  );
  return dir;
}

async function terminal(dir: string): Promise<string> {
  let stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  expect(await main(['node', 'gameday', 'check', dir])).toBe(1);
  vi.restoreAllMocks();
  return stdout;
}

describe('the scenario clock', () => {
  it('reports a step at 12 s at 12.0 s in report.json, junit.xml, the terminal and report.html', async () => {
    const dir = runDir(true);
    const report = await checkRunDir(dir);
    expect(report.scenarioClock?.zeroMs).toBe(2000);
    const sb = report.checks.splitBrainWrites;
    expect(sb.pairs).toBe(1);
    expect(sb.evidence?.[0]?.time).toBe(12_000);
    expect(sb.evidence?.[0]?.note).toContain('during s1 at 12.0–17.0 s');
    expect(report.slos[0]?.evidence?.[0]).toContain('at 12.0–17.0 s');

    const xml = junitXml(report, 'clock');
    expect(xml).toContain('at 12.0–17.0 s');
    expect(xml).not.toContain('14.0');
    expect(xml).toContain('t=0 is where steps&apos; `at:` counts from');

    const text = await terminal(dir);
    expect(text).toContain('(s1 at 12.0–17.0 s)');
    expect(text).toContain("times on the scenario clock: t=0 is where steps' `at:` counts from");
    expect(text).not.toContain('14.0');

    const html = readFileSync(await writeHtmlReport(dir, report), 'utf8');
    expect(html).toContain('<td class="num">12.0 s</td><td class="num">17.0 s</td>');
    expect(html).toContain('times on the scenario clock');
    // The warmup op at history time 500 ms sits at −1.5 s: the charts start at −2 s.
    const data = JSON.parse(/id="gameday-data">(.*?)<\/script>/s.exec(html)![1]!);
    const throughput = data.charts.find((c: { id: string }) => c.id === 'throughput');
    expect(throughput.data[0][0]).toBe(-2);
    expect(data.faults[0]).toMatchObject({ start: 12, end: 17 });
  });

  it('keeps the history clock when events.jsonl has no faults phase (a foreign history)', async () => {
    const report = await checkRunDir(runDir(false));
    expect(report.scenarioClock?.zeroMs).toBe(0);
    expect(report.scenarioClock?.note).toContain('no `faults` phase event');
    expect(report.checks.splitBrainWrites.evidence?.[0]?.note).toContain('at 14.0–19.0 s');
  });
});
