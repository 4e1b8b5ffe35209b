// Issue 17: report.json carries the `run` object (from run.json, or what a foreign directory
// tells), and junit.xml its properties, start and duration, and every SLO's measured value.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkRunDir } from '../../src/checks/index.js';
import { junitXml } from '../../src/report/junit.js';
import { historyOf, ops, r, w } from '../checks/helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const SCENARIO = 'name: tiny\nduration: 10s\nslo:\n  availability: ">= 99%"\n  lost_writes: 0\n';
const RUN = {
  scenario: 'tiny',
  seed: 7,
  gamedayVersion: '0.2.0',
  startedAt: '2026-11-30T09:00:00.250Z',
  durationMs: 52_000,
  driver: 'local',
  store: { kind: 'kvstore', conflict: 'lww', writes: 'async', durability: 'none' },
};

function runDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gameday-run-object-'));
  dirs.push(dir);
  const history = historyOf(ops(w('us-1', 'a', 0, 1), r('eu-1', 'a', 2, 3)));
  writeFileSync(join(dir, 'history.jsonl'), history.map((e) => JSON.stringify(e)).join('\n'));
  writeFileSync(
    join(dir, 'final.json'),
    JSON.stringify({ settled: true, settleMs: 0, regions: { us: { k: 'a' }, eu: { k: 'a' } } }),
  );
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe('the run object', () => {
  it('comes from run.json, with the sha256 of scenario.yaml, second in report.json', async () => {
    const dir = runDir({ 'scenario.yaml': SCENARIO, 'run.json': JSON.stringify(RUN) });
    const report = await checkRunDir(dir);
    expect(report.run).toEqual({ ...RUN, scenarioSha256: sha(SCENARIO) });
    expect(Object.keys(report).slice(0, 2)).toEqual(['verdict', 'run']);
  });

  it('on a foreign directory holds only what its files tell', async () => {
    expect((await checkRunDir(runDir({ 'scenario.yaml': SCENARIO }))).run).toEqual({
      scenario: 'tiny',
      scenarioSha256: sha(SCENARIO),
    });
    const bare = await checkRunDir(runDir({}));
    expect(bare.run).toEqual({});
    const xml = junitXml(bare);
    expect(xml).not.toMatch(/timestamp=|<property name="run/);
  });

  it('refuses a run.json that is not a JSON object', async () => {
    await expect(checkRunDir(runDir({ 'run.json': '[1]' }))).rejects.toThrow(/run\.json/);
  });
});

describe('junit.xml with the run', () => {
  it('has time and timestamp, the run as properties, and every measured value', async () => {
    const report = await checkRunDir(
      runDir({ 'scenario.yaml': SCENARIO, 'run.json': JSON.stringify(RUN) }),
    );
    const xml = junitXml(report);
    expect(xml).toContain(
      '<testsuites name="gameday" tests="2" failures="0" errors="0" time="52.000">',
    );
    expect(xml).toContain(
      '<testsuite name="tiny" tests="2" failures="0" errors="0" skipped="0" time="52.000" timestamp="2026-11-30T09:00:00">',
    );
    for (const [name, value] of [
      ['run.scenario', 'tiny'],
      ['run.scenarioSha256', sha(SCENARIO)],
      ['run.seed', '7'],
      ['run.gamedayVersion', '0.2.0'],
      ['run.startedAt', '2026-11-30T09:00:00.250Z'],
      ['run.durationMs', '52000'],
      ['run.driver', 'local'],
      ['run.store.kind', 'kvstore'],
      ['run.store.writes', 'async'],
    ]) {
      expect(xml).toContain(`<property name="${name}" value="${value}"/>`);
    }
    // Passing SLOs say what was measured too.
    expect(xml).toMatch(
      /<testcase classname="tiny\.slo" name="availability" time="0">\s*<system-out>measured 100%, target &gt;= 99%: pass<\/system-out>/,
    );
    expect(xml).toMatch(/name="lost_writes" time="0">\s*<system-out>measured 0, target 0: pass/);
    // Element order of the XSD: properties, test cases, system-out.
    const order = ['<properties>', '<testcase ', '  <system-out>times on'].map((t) =>
      xml.indexOf(t),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });
});
