// Issue 15 (`--max-memory`): a history whose rows do not fit the budget is read once for the
// whole-run figures, then once per range of keys for the per-key checks. The report must be
// the one a single read gives, field for field and in the same order (JSON text compared),
// with linearizability on, a region fault with router retries (in-flight fate's second pass
// rides on the first range's read), and budgets from one key a range to all keys in one.
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSyntheticRun } from '../../bench/history-gen.js';
import { KeyPlan, ROW_BYTES } from '../../src/checks/batches.js';
import { forEachKey } from '../../src/checks/keys.js';
import { OpTable } from '../../src/history/table.js';
import { checkRunDir } from '../../src/checks/index.js';
import type { Report } from '../../src/model.js';
import { ops } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'gameday-batches-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A synthetic run (partition, lag, stale reads) where a tenth of the clients go through the
 * router with a logical id per op (two attempts each for some), and eu is killed mid-run. */
async function routedRun(name: string, ops: number): Promise<string> {
  const dir = join(root, name);
  mkdirSync(dir);
  await writeSyntheticRun(dir, ops);
  const path = join(dir, 'history.jsonl');
  const count = new Map<string, number>();
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  let last = 0;
  const out = lines.map((line) => {
    const e = JSON.parse(line) as Record<string, unknown> & { process: string; time: number };
    last = Math.max(last, e.time);
    if (!/-\d*7$/.test(e.process)) return line;
    if (e.type === 'invoke') count.set(e.process, (count.get(e.process) ?? 0) + 1);
    const n = count.get(e.process)!;
    return JSON.stringify({ ...e, via: 'router', logical: `${e.process}/${n >> 1}` });
  });
  writeFileSync(path, out.join('\n') + '\n');
  const kill = { id: 'k1', fault: 'kill-region', regions: ['eu'] };
  appendFileSync(
    join(dir, 'events.jsonl'),
    [
      { time: last * 0.3, type: 'fault-start', ...kill },
      { time: last * 0.5, type: 'fault-end', ...kill },
    ]
      .map((e) => JSON.stringify(e) + '\n')
      .join(''),
  );
  return dir;
}

/** The same ops in a table of their own, in list order. */
const tableOf = (list: ReturnType<typeof ops>): OpTable => {
  const t = new OpTable();
  for (const o of list) t.pushOp(o);
  return t;
};

const lin = { runMs: 60_000, keyMs: 10_000 };

/** The report as JSON text, but for the time the linearizability search took. */
const text = (report: Report): string =>
  JSON.stringify(report, (k, v: unknown) => (k === 'ms' ? 0 : v));

describe('checks within a memory budget', () => {
  it('give the report of one read, whatever the number of ranges', async () => {
    const dir = await routedRun('routed', 6000);
    const once = { passes: 0, values: 0 };
    const whole = text(await checkRunDir(dir, { lin, stats: once }));
    expect(once.passes).toBe(1);
    const report = JSON.parse(whole);
    expect(report.checks.staleReads.count).toBeGreaterThan(0);
    expect(report.checks.inFlight[0].ops).toBeGreaterThan(0);
    expect(report.checks.linearizability).toBeDefined();
    // From every key in one range (read twice) to a few keys a range.
    const passes: number[] = [];
    const values: number[] = [];
    for (const rows of [5900, 2500, 600, 150]) {
      const stats = { passes: 0, values: 0 };
      const batched = await checkRunDir(dir, { lin, maxMemory: rows * ROW_BYTES, stats });
      expect(text(batched)).toBe(whole);
      passes.push(stats.passes);
      values.push(stats.values);
    }
    expect(passes[0]).toBeGreaterThanOrEqual(2);
    expect(passes.at(-1)).toBeGreaterThan(10);
    // Each read holds the values of its range, not the run's: fewer as the ranges shrink.
    expect(values[1]).toBeLessThan(once.values * 0.6);
    expect(values.at(-1)).toBeLessThan(once.values * 0.1);
  }, 120_000);
});

describe('a bad history within a memory budget', () => {
  /** A synthetic run of more than one parse range (1 MiB), so the first read drops rows (and
   * stops checking values for repeats) before the lines appended after it: `extra(a, va)`
   * gives them, from the first key written and its first value (the first key in the
   * per-key pass's order, so the first range's). */
  async function spoiled(
    name: string,
    extra: (a: string, va: string) => string[],
  ): Promise<string> {
    const dir = join(root, name);
    mkdirSync(dir);
    await writeSyntheticRun(dir, 20_000);
    const path = join(dir, 'history.jsonl');
    const first = new Map<string, string>();
    let last = 0;
    for (const line of readFileSync(path, 'utf8').trimEnd().split('\n')) {
      const e = JSON.parse(line) as { time: number; type: string; f: string; key: string };
      last = Math.max(last, e.time);
      const value = (e as { value?: unknown }).value;
      if (e.type === 'invoke' && e.f === 'write' && !e.key.startsWith('probe:')) {
        if (!first.has(e.key) && typeof value === 'string') first.set(e.key, value);
      }
    }
    const [a, va] = [...first][0]!;
    appendFileSync(path, extra(a, va).join('\n') + '\n');
    return dir;
  }
  /** A write of `value` to `key` at time `at` after the run, invoke and ok. */
  const write = (key: string, value: string, at: number) =>
    ['invoke', 'ok'].map((type, i) =>
      JSON.stringify({
        process: 'late-1',
        region: 'us',
        via: 'direct',
        key,
        f: 'write',
        value,
        time: 1e9 + at + i,
        type,
      }),
    );
  const budget = { maxMemory: 8000 * ROW_BYTES };
  const failure = (dir: string, opts: Parameters<typeof checkRunDir>[1]) =>
    checkRunDir(dir, opts).then(
      () => 'no error',
      (err: Error) => err.message,
    );

  it('names the first repeated value in the file, though its key is checked in a later range', async () => {
    // A new key, written twice with one value at the end, is the last range's; a's range is
    // read first, and a's repeat comes after the new key's.
    const dir = await spoiled('repeats', (a, va) => [
      ...write('late', 'v', 0),
      ...write('late', 'v', 2),
      ...write(a, va, 4),
    ]);
    const lines = readFileSync(join(dir, 'history.jsonl'), 'utf8').trimEnd().split('\n').length;
    const once = await failure(dir, {});
    expect(once).toContain(`history.jsonl:${lines - 3} both write "v" to key "late"`);
    expect(await failure(dir, budget)).toBe(once);
  }, 60_000);

  it('names a repeated value before a malformed line, though the first read stopped checking values', async () => {
    const dir = await spoiled('repeat-then-garbage', (a, va) => [...write(a, va, 0), '{oops']);
    const lines = readFileSync(join(dir, 'history.jsonl'), 'utf8').trimEnd().split('\n').length;
    const once = await failure(dir, {});
    expect(once).toContain(`history.jsonl:${lines - 2} both write`);
    expect(await failure(dir, budget)).toBe(once);
  }, 60_000);
});

describe('key ranges', () => {
  const opPlan = fc.record({
    key: fc.constantFrom('k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'probe:us', 'acct'),
    f: fc.constantFrom('read', 'write', 'cas', 'add', 'withdraw'),
  });

  it('cut the keys in the per-key pass order: range by range, forEachKey meets them as in one pass', () => {
    fc.assert(
      fc.property(
        fc.array(opPlan, { maxLength: 60 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 20 }),
        (plan, limit, chunk) => {
          const list = ops(
            ...plan.map((o, i) => ({ p: 'us-0', f: o.f, key: o.key, at: i, done: i })),
          );
          const table = tableOf(list);
          const keysOf = (t: OpTable) => {
            const keys: string[] = [];
            forEachKey(t, (key) => keys.push(key));
            return keys;
          };
          const keyPlan = new KeyPlan();
          // Counted as rows come in, a chunk at a time.
          const growing = new OpTable();
          for (const o of list) {
            growing.pushOp(o);
            if (growing.length % chunk === 0) keyPlan.count(growing, growing.length - chunk);
          }
          keyPlan.count(growing, growing.length - (growing.length % chunk));
          const met: string[] = [];
          for (const range of keyPlan.ranges(limit)) {
            const part = tableOf(list);
            part.keepFrom(0, (i) => range.keys[part.key[i]!] === 1);
            const keys = keysOf(part);
            expect(keys.length === 1 || part.length <= limit).toBe(true);
            expect(part.length).toBe(range.rows);
            met.push(...keys);
          }
          expect(met).toEqual(keysOf(table));
        },
      ),
      { numRuns: 300 },
    );
  });
});
