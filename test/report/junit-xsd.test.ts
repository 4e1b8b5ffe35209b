// junit.xml against the JUnit XSD CI servers validate with (Jenkins xUnit's junit-10.xsd, kept
// in test/fixtures/junit-xsd with its source and licence), checked by xmllint: a passing and a
// failing run, with the run's properties, times, every case's system-out and failure evidence.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkRunDir } from '../../src/checks/index.js';
import { junitXml } from '../../src/report/junit.js';
import { historyOf, ops, r, w } from '../checks/helpers.js';
import { NO_XMLLINT, xsdProblems } from './junit-xsd.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const RUN = {
  scenario: 'tiny <&> "quoted"',
  seed: 7,
  gamedayVersion: '0.2.0',
  startedAt: '2026-11-30T09:00:00.250Z',
  durationMs: 52_345,
  driver: 'local',
  store: { kind: 'kvstore', conflict: 'lww', writes: 'async' },
};

/** A run directory whose history has a stale read in eu and a write the final state lost. */
async function reportOf(slo: string, run: object | null = RUN, readValue: unknown = 'a') {
  const dir = mkdtempSync(join(tmpdir(), 'gameday-junit-run-'));
  dirs.push(dir);
  const history = historyOf(
    ops(w('us-1', 'a', 0, 1), w('us-1', 'b', 2, 3), r('eu-1', readValue, 4, 5)),
  ).map((e) => ({ ...e, key: 'k' }));
  writeFileSync(join(dir, 'history.jsonl'), history.map((e) => JSON.stringify(e)).join('\n'));
  writeFileSync(
    join(dir, 'events.jsonl'),
    JSON.stringify({ time: 1, type: 'phase', phase: 'faults' }) + '\n',
  );
  writeFileSync(
    join(dir, 'final.json'),
    JSON.stringify({ settled: true, settleMs: 0, regions: { us: { k: 'a' }, eu: { k: 'a' } } }),
  );
  writeFileSync(join(dir, 'scenario.yaml'), `name: tiny\nduration: 10s\nslo:\n${slo}`);
  if (run) writeFileSync(join(dir, 'run.json'), JSON.stringify(run));
  return checkRunDir(dir);
}

describe.skipIf(NO_XMLLINT)(
  `junit.xml against junit-10.xsd${NO_XMLLINT ? `: skipped, ${NO_XMLLINT}` : ''}`,
  () => {
    it('xmllint and the schema do reject what the schema forbids', () => {
      expect(xsdProblems('<testsuites><testcase name="x"/></testsuites>')).toMatch(/testcase/);
      expect(xsdProblems('<testsuite name="x" tests="1" failures="0"/>')).toMatch(/errors/);
    });

    it('a passing run: properties, times, every case with its system-out', async () => {
      const report = await reportOf('  availability: ">= 99%"\n  impossible_reads: 0\n');
      expect(report.verdict).toBe('pass');
      const xml = junitXml(report);
      expect(xml).toMatch(/<property name="run.seed" value="7"\/>/);
      expect(xml).toMatch(/<testsuite [^>]*time="52.345" timestamp="2026-11-30T09:00:00"/);
      expect(xml.match(/<system-out>measured/g)).toHaveLength(2);
      expect(xsdProblems(xml)).toBe('');
    });

    it('a failing run: failures with evidence, next to the passing cases', async () => {
      const report = await reportOf(
        '  stale_read_rate: "< 0.1%"\n  lost_writes: 0\n  availability: ">= 99%"\n',
      );
      expect(report.slos.filter((s) => !s.pass).map((s) => s.name)).toEqual([
        'stale_read_rate',
        'lost_writes',
      ]);
      const xml = junitXml(report);
      expect(xml.match(/<failure /g)).toHaveLength(2);
      expect(xsdProblems(xml)).toBe('');
    });

    it('a foreign run directory (no run.json: no time, no timestamp)', async () => {
      const xml = junitXml(await reportOf('  lost_writes: 0\n', null));
      expect(xml).not.toMatch(/timestamp=/);
      expect(xsdProblems(xml)).toBe('');
    });

    it('a store that returns control characters: the evidence quoting them is still XML', async () => {
      const report = await reportOf(
        '  impossible_reads: 0\n',
        RUN,
        'bell\u0007 esc\u001b[31m nul\u0000 half\ud800',
      );
      expect(report.verdict).toBe('fail');
      const xml = junitXml(report);
      expect(xsdProblems(xml)).toBe('');
      expect(xml).toContain('bell\\u0007 esc\\u001b[31m nul\\u0000 half\\ud800');
    });
  },
);
