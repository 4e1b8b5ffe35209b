// Issue 11: a history with no operations was judged PASS, availability 100 %. A run that
// measured nothing cannot pass: one failing `operations` row, exit 1.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { evaluate } from '../../src/checks/index.js';
import { main } from '../../src/cli/main.js';
import { junitXml } from '../../src/report/junit.js';
import { findings } from '../../src/report/terminal.js';
import { historyOf, ops, r, w } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

const row = { name: 'operations', target: '> 0', measured: 0, pass: false };

describe('a run with no operations', () => {
  it('fails with an operations row, whatever SLOs it declares', () => {
    for (const slo of [{}, { availability: '>= 99%' }, { divergence: 0 }]) {
      const report = evaluate({
        history: [],
        slo,
        final: { settled: true, settleMs: 0, regions: {} },
      });
      expect(report.verdict).toBe('fail');
      expect(report.slos.at(-1)).toMatchObject(row);
      expect(findings(report)[0]).toMatch(/no workload operation/);
      expect(junitXml(report)).toMatch(/<testcase [^>]*name="operations"[^>]*>\s*<failure/);
    }
  });

  it('counts probe operations as nothing measured', () => {
    const probes = ops(w('probe-us', 'probe:us:1', 0, 1, { key: 'probe:us' }));
    expect(evaluate({ ops: probes }).slos).toEqual([expect.objectContaining(row)]);
  });

  it('adds no row once there is one operation', () => {
    const report = evaluate({ history: historyOf(ops(r('us-1', null, 0, 1))) });
    expect(report.slos).toEqual([]);
    expect(report.verdict).toBe('pass');
  });

  it('gameday check exits 1 on an empty history.jsonl and says why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gameday-empty-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'history.jsonl'), '');
    writeFileSync(join(dir, 'scenario.yaml'), 'slo:\n  availability: ">= 99%"\n');
    let stdout = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await main(['node', 'gameday', 'check', dir])).toBe(1);
    vi.restoreAllMocks();
    expect(stdout).toMatch(/operations\s+> 0\s+0\s+FAIL/);
    expect(stdout).toContain('nothing was measured');
    expect(stdout).toContain('verdict: FAIL');
  });
});
