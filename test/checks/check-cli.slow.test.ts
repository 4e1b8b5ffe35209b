// Spawns the built CLI (`npm run build` first) on hand-written run directories: exit codes,
// the report.json contract on stdout, and bad input reported without a stack trace.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { finalOf, historyOf, ops, r, w } from './helpers.js';

const BIN = fileURLToPath(new URL('../../bin/gameday.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'gameday-check-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function runDir(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

const jsonl = (items: unknown[]) => items.map((i) => JSON.stringify(i)).join('\n') + '\n';
const gameday = (args: string[]) =>
  execa('node', [BIN, ...args], { reject: false, timeout: 30_000, env: { NO_COLOR: '1' } });

describe('gameday check (built CLI)', () => {
  const history = jsonl(
    historyOf(ops(w('us-1', 'a', 0, 1), w('eu-1', 'b', 2, 3), r('us-2', 'a', 5, 6))),
  );
  const final = JSON.stringify(finalOf({ us: { k: 'b' }, eu: { k: 'b' } }));

  it('prints report.json and exits 1 when an SLO is broken', async () => {
    const dir = runDir('broken', {
      'history.jsonl': history,
      'final.json': final,
      'scenario.yaml': 'slo:\n  stale_read_rate: "< 0.1%"\n  lost_writes: 0\n',
    });
    const result = await gameday(['check', dir, '--json']);
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.verdict).toBe('fail');
    expect(report.checks.staleReads).toMatchObject({ count: 1, reads: 1, ratePer10k: 10000 });
    expect(report.slos.map((s: { name: string; pass: boolean }) => [s.name, s.pass])).toEqual([
      ['stale_read_rate', false],
      ['lost_writes', true],
    ]);
  });

  it('exits 0 with a verdict table when every SLO is met', async () => {
    const dir = runDir('met', {
      'history.jsonl': history,
      'final.json': final,
      'scenario.yaml': 'slo:\n  lost_writes: 0\n  divergence: 0\n',
    });
    const result = await gameday(['check', dir]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/lost_writes\s+0\s+0\s+pass/);
    expect(result.stdout).toMatch(/verdict: PASS/);
  });

  it('exits 2 on a bad line, naming file, line and field, without a stack trace', async () => {
    const bad = history.replace('"type":"ok"', '"type":"done"');
    const result = await gameday(['check', runDir('bad', { 'history.jsonl': bad })]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(
      /history\.jsonl:2: "type" must be one of invoke, ok, fail, info \(got "done"\)/,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
