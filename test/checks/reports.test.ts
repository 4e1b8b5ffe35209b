// JUnit and terminal renderings of a report: one case per SLO, measured vs target, evidence.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/checks/index.js';
import { junitXml } from '../../src/report/junit.js';
import { findings, verdictTable } from '../../src/report/terminal.js';
import { finalOf, historyOf, ops, partition, r, w } from './helpers.js';

const report = evaluate({
  history: historyOf(
    ops(
      w('us-1', 'a<&>', 0, 1),
      w('eu-1', 'b', 2, 3),
      r('us-2', 'a<&>', 5, 6),
      w('us-1', 'c', 11, 12),
      w('eu-1', 'd', 11, 12),
    ),
  ),
  events: partition('s2', 10, 20),
  final: finalOf({ us: { k: 'c' }, eu: { k: 'c' } }),
  slo: { stale_read_rate: '< 0.1%', split_brain_writes: 0, availability: '>= 99%' },
});

describe('junit.xml', () => {
  const xml = junitXml(report, 'partition');

  it('has one test case per SLO and counts the failures', () => {
    expect(xml.match(/<testcase /g)).toHaveLength(3);
    expect(xml).toContain(
      '<testsuite name="partition" tests="3" failures="2" errors="0" skipped="0">',
    );
    expect(xml).toMatch(
      /<testcase classname="partition.slo" name="availability" time="0">\s*<system-out>measured 100%, target &gt;= 99%: pass<\/system-out>\s*<\/testcase>/,
    );
  });

  it("a failure's message is measured vs target and the first evidence, escaped", () => {
    const failure =
      /<testcase classname="partition.slo" name="stale_read_rate" time="0">\s*<failure message="([^"]*)"/.exec(
        xml,
      );
    expect(failure?.[1]).toMatch(
      /^measured 100%, target &lt; 0.1%: us-2 in us read a&lt;&amp;&gt; at 0.005 s/,
    );
  });
});

describe('terminal', () => {
  it('renders one row per SLO with its verdict', () => {
    const table = verdictTable(report);
    expect(table.rows.map((row) => row.cells)).toEqual([
      ['stale_read_rate', '< 0.1%', '100%', 'FAIL'],
      ['split_brain_writes', '0', '1', 'FAIL'],
      ['availability', '>= 99%', '100%', 'pass'],
    ]);
  });

  it('names the findings that matter, split brain before stale reads', () => {
    const lines = findings(report);
    expect(lines[0]).toMatch(
      /^Split brain: 1 key took writes on both sides of a partition \(s2 at 0.0–0.0 s\), 1 conflicting pair; eu side silently dropped on 1 key\.$/,
    );
    expect(lines[1]).toMatch(/^1 stale read out of 1/);
  });

  it('names duplicate effects, read from a history with logical ids', () => {
    const add = { f: 'add', key: 'c0', value: 1 };
    const retried = evaluate({
      history: historyOf(
        ops(
          { p: 'us-1', at: 0, done: 1, outcome: 'info', logical: 'L', ...add },
          { p: 'us-1.1', at: 2, done: 3, outcome: 'ok', logical: 'L', ...add },
        ),
      ),
      final: finalOf({ us: { c0: 2 }, eu: { c0: 2 } }),
      slo: { duplicate_effects: 0 },
    });
    expect(retried.slos[0]).toMatchObject({ name: 'duplicate_effects', measured: 1, pass: false });
    expect(findings(retried)).toContain(
      'Retries: at least 1 logical operation applied more than once, 1 too much moved.',
    );
  });

  it('says so when nothing was found', () => {
    const clean = evaluate({ history: historyOf(ops(w('us-1', 'a', 0, 1), r('eu-1', 'a', 2, 3))) });
    expect(findings(clean)).toEqual(['No anomaly found: every check came back clean.']);
  });
});
