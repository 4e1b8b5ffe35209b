// Spawns the built CLI (`npm run build` first) on hand-written run directories: exit codes,
// the report.json contract on stdout, and bad input reported without a stack trace.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSyntheticRun } from '../../bench/history-gen.js';
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

describe('gameday check --workers and --max-memory (threads parse history.jsonl and check groups of keys; keys read in ranges)', () => {
  // A generated run of 20,000 ops (5 MB: about five ranges for two threads) with a partition,
  // lag and stale reads: any line lost, repeated or moved by the ranges changes the report.
  let made = 0;
  const synthetic = async (name: string) => {
    const dir = runDir(`${name}-${made++}`, {}); // a retried test gets a new directory
    await writeSyntheticRun(dir, 20_000);
    return dir;
  };

  it('prints the same report, table and JSON, with 1, 2 and 3 threads, --lin too, and read per range of keys', async () => {
    const dir = await synthetic('workers');
    const [one, two, oneTable, twoTable, ranges, oneLin, threeLin] = await Promise.all([
      gameday(['check', dir, '--json', '--workers', '1']),
      gameday(['check', dir, '--json', '--workers', '2']),
      gameday(['check', dir, '--workers', '1']),
      gameday(['check', dir, '--workers', '2']),
      // 1 MiB holds 9,362 rows of the 20,000: three ranges of keys (src/checks/batches.ts).
      gameday(['check', dir, '--json', '--workers', '2', '--max-memory', '1MB']),
      gameday(['check', dir, '--json', '--lin', '--workers', '1']),
      gameday(['check', dir, '--json', '--lin', '--workers', '3']),
    ]);
    expect(ranges.stdout).toBe(one.stdout);
    // The search's time (ms) is a measurement, not a result.
    const lin = (stdout: string) => {
      const report = JSON.parse(stdout);
      report.checks.linearizability.ms = 0;
      return JSON.stringify(report);
    };
    expect(JSON.parse(oneLin.stdout).checks.linearizability.illegal.length).toBeGreaterThan(1);
    expect(lin(threeLin.stdout)).toBe(lin(oneLin.stdout));
    expect(one.stderr).toBe('');
    const report = JSON.parse(one.stdout);
    expect(report.checks.staleReads.count).toBeGreaterThan(0);
    expect(report.checks.splitBrainWrites.pairs).toBeGreaterThan(0);
    expect(two.stdout).toBe(one.stdout);
    expect([two.exitCode, twoTable.exitCode]).toEqual([one.exitCode, oneTable.exitCode]);
    expect(twoTable.stdout).toBe(oneTable.stdout);
  });

  it('the same first bad line with 1 and 2 threads; a bad --workers is exit 2', async () => {
    const dir = await synthetic('workers-bad');
    const path = join(dir, 'history.jsonl');
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[30_001] = lines[30_001]!.replace('"type":"ok"', '"type":"done"'); // line 30,002
    lines[35_000] = '{"time":'; // a later problem loses
    writeFileSync(path, lines.join('\n'));
    const [one, two, ranges] = await Promise.all([
      gameday(['check', dir, '--workers', '1']),
      gameday(['check', dir, '--workers', '2']),
      gameday(['check', dir, '--workers', '2', '--max-memory', '1MB']),
    ]);
    expect(one.exitCode).toBe(2);
    expect(one.stderr).toMatch(/^error: history\.jsonl:30002: "type" must be one of/);
    expect([two.exitCode, two.stderr]).toEqual([one.exitCode, one.stderr]);
    expect([ranges.exitCode, ranges.stderr]).toEqual([one.exitCode, one.stderr]);
    const size = await gameday(['check', dir, '--max-memory', '512']);
    expect(size.exitCode).toBe(2);
    expect(size.stderr).toMatch(/--max-memory "512" is not a size of 1MB or more/);
    const zero = await gameday(['check', dir, '--workers', '0']);
    expect(zero.exitCode).toBe(2);
    expect(zero.stderr).toMatch(/--workers "0" is not a whole number from 1 to 64/);
  });
});
