// `gameday report RUN_DIR --format md` on a fixture run directory: every event is a timeline row
// at its scenario-clock time with who caused it, every SLO of the recomputed report is a row,
// the marks are in the detection section, and text cannot break the tables.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkRunDir } from '../../src/checks/index.js';
import { main } from '../../src/cli/main.js';
import type { RunEvent } from '../../src/model.js';
import { markdownReport } from '../../src/report/markdown.js';
import { events as fixtureEvents, SCENARIO, writeRunDir } from './fixture.js';

const ZERO = 2000;
const manual: RunEvent[] = [
  {
    time: 21_500,
    type: 'mark',
    kind: 'detected',
    text: 'paged | on-call\n<b>now</b>',
    source: 'manual',
  },
  { time: 24_000, type: 'route', regions: ['eu'], params: { action: 'drain' }, source: 'manual' },
  { time: 30_000, type: 'mark', kind: 'mitigated', text: 'failed eu over', source: 'manual' },
];
const added: RunEvent[] = [{ time: ZERO, type: 'phase', phase: 'faults' }, ...manual];
const all = [...fixtureEvents, ...added].sort((a, b) => a.time - b.time);

let dir: string;
let stdout: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gameday-md-'));
  await writeRunDir(dir);
  writeFileSync(
    join(dir, 'scenario.yaml'),
    `${SCENARIO}slo:\n  lost_writes: 0\n  availability: '>= 99%'\n  divergence: 0\n`,
  );
  for (const e of added) appendFileSync(join(dir, 'events.jsonl'), JSON.stringify(e) + '\n');
  stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = undefined;
});

/** The rows of the table under `## heading`, split on unescaped pipes. */
function rows(md: string, heading: string): string[][] {
  const section = md.split(`## ${heading}\n`)[1]!.split('\n## ')[0]!;
  return section
    .split('\n')
    .filter((l) => l.startsWith('| '))
    .slice(2)
    .map((l) => l.slice(2, -2).split(/(?<!\\) \| /));
}

const seconds = (ms: number) => `${((ms - ZERO) / 1000).toFixed(1)} s`;

describe('the Markdown postmortem timeline', () => {
  it('has one row per event, in time order, on the scenario clock, saying who did it', async () => {
    const md = markdownReport({ report: await checkRunDir(dir), events: all, title: 't' });
    const timeline = rows(md, 'Timeline');
    expect(timeline.map((r) => r[0])).toEqual(all.map((e) => seconds(e.time)));
    expect(timeline.every((r) => r.length === 3)).toBe(true);
    const byHand = timeline.filter((r) => r[2] === 'by hand').map((r) => r[1]);
    expect(byHand).toEqual([
      '**detected**: paged \\| on-call &lt;b>now&lt;/b>',
      'route: drain eu',
      '**mitigated**: failed eu over',
    ]);
    expect(timeline.find((r) => r[1]!.startsWith('fault `s2`'))).toEqual([
      seconds(45_000),
      'fault `s2`: kill-region eu',
      'scenario',
    ]);
    expect(timeline.find((r) => r[1]!.startsWith('healed `s3`'))?.[0]).toBe(seconds(34_000));
  });

  it('lists every SLO of the recomputed report, the kill failing availability', async () => {
    const report = await checkRunDir(dir);
    const md = markdownReport({ report, events: all, title: 't' });
    const slos = rows(md, 'SLOs');
    expect(slos.map((r) => [r[0], r[3]])).toEqual(
      report.slos.map((s) => [s.name, s.pass ? 'pass' : '**FAIL**']),
    );
    expect(Object.fromEntries(slos.map((r) => [r[0], r.slice(1)]))).toMatchObject({
      lost_writes: ['0', '0', 'pass'],
      availability: ['>= 99%', expect.stringMatching(/^\d+(\.\d+)?%$/), '**FAIL**'],
    });
    expect(md).toContain('Verdict: **FAIL**');
    // The marks, at their times; the failover of the kill from the checks.
    expect(md).toContain(`- detected at ${seconds(21_500)}: paged \\| on-call &lt;b>now&lt;/b>`);
    expect(md).toContain(`- mitigated at ${seconds(30_000)}: failed eu over`);
    const sec = (ms: number | null) => (ms === null ? null : `${(ms / 1000).toFixed(1)} s`);
    const f = report.checks.failover.find((x) => x.step === 's2')!;
    expect(rows(md, 'Detection and mitigation')).toContainEqual([
      's2',
      'eu',
      sec(f.detectionMs) ?? 'none',
      sec(f.failoverMs) ?? 'never',
      String(f.errors),
    ]);
  });

  it('gameday report --format md prints it, --out writes it, --out without md is exit 2', async () => {
    expect(await main(['node', 'gameday', 'report', dir, '--format', 'md'])).toBe(0);
    const expected = markdownReport({
      report: await checkRunDir(dir),
      events: all,
      title: 'partition-then-kill',
    });
    expect(stdout.trim()).toBe(expected.trim());
    const file = join(dir, 'postmortem.md');
    expect(await main(['node', 'gameday', 'report', dir, '--format', 'md', '--out', file])).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(expected);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await main(['node', 'gameday', 'report', dir, '--out', file])).toBe(2);
  });
});
