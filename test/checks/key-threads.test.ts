// Issue 15: `gameday check --workers N` checks contiguous groups of keys apart and merges them
// in order (src/checks/key-threads.ts). The report must be byte for byte the one a single
// thread gives, linearizability included (its `ms`, a time, aside). Under vitest the worker's
// script is not built, so the groups go through the same shared columns, values and
// partials, copied as messages are, in this thread; test/checks/check-cli.slow.test.ts runs
// the built CLI with real threads.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSyntheticRun } from '../../bench/history-gen.js';
import { checkRunDir } from '../../src/checks/index.js';
import { ProbeCoverage } from '../../src/checks/coverage.js';
import type { KeyContext } from '../../src/checks/key-pass.js';
import { checkKeysOnThreads, groupCuts } from '../../src/checks/key-threads.js';
import type { Report } from '../../src/model.js';
import { ops, tableOf } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'gameday-keyw-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The report as JSON, the linearizability search's time set to 0. */
const text = (r: Report) =>
  JSON.stringify({
    ...r,
    checks: { ...r.checks, linearizability: { ...r.checks.linearizability!, ms: 0 } },
  });

describe('per-key checks in groups (checkRunDir --workers)', () => {
  it('workers 1, 2 and 3 give the same report, linearizability on', async () => {
    await writeSyntheticRun(dir, 20_000);
    const lin = { runMs: 60_000, keyMs: 10_000 };
    const [one, two, three] = [
      await checkRunDir(dir, { workers: 1, lin }),
      await checkRunDir(dir, { workers: 2, lin }),
      await checkRunDir(dir, { workers: 3, lin }),
    ];
    const c = one.checks;
    expect(c.staleReads.count).toBeGreaterThan(0);
    expect(c.splitBrainWrites.keys.length).toBeGreaterThan(1);
    expect(c.linearizability!.keys).toBeGreaterThan(100);
    expect(c.linearizability!.illegal.length).toBeGreaterThan(1);
    expect(text(two)).toBe(text(one));
    expect(text(three)).toBe(text(one));
  });

  it('groups cut the keys by op count, in order, none empty', () => {
    const counts = Uint32Array.from([5, 1, 1, 1, 1, 1]);
    expect(groupCuts(counts, 2)).toEqual([0, 1, 6]);
    expect(groupCuts(counts, 3)).toEqual([0, 1, 3, 6]);
    expect(groupCuts(Uint32Array.from([1, 1]), 4)).toEqual([0, 1, 2]);
    expect(groupCuts(Uint32Array.from([3]), 2)).toEqual([0, 1]);
    expect(groupCuts(new Uint32Array(0), 2)).toEqual([0]);
  });
});

describe('a key-check thread that dies', () => {
  // Threads running a script that dies instead of checking: the pass fails with why, never
  // waits forever (a hang would time the test out).
  const scripts = mkdtempSync(join(tmpdir(), 'gameday-keyw-die-'));
  afterAll(() => rmSync(scripts, { recursive: true, force: true }));
  const script = (name: string, text: string) => {
    writeFileSync(join(scripts, name), text);
    return pathToFileURL(join(scripts, name));
  };

  it('rejects with its exit code or its error, whichever way it dies', async () => {
    const list = ops(
      ...Array.from({ length: 40 }, (_, i) => ({ p: 'us-0', key: `k${i}`, at: i, done: i + 1 })),
    );
    const table = tableOf(list);
    const ctx: KeyContext = {
      final: null,
      storeCounters: null,
      steps: [],
      coverage: () => new ProbeCoverage(table),
    };
    const exits = script('exits.mjs', 'process.exit(7);\n');
    await expect(checkKeysOnThreads(table, ctx, 3, exits)).rejects.toThrow(
      'a key-check thread exited (7)',
    );
    const throws = script('throws.mjs', "throw new Error('no checks here');\n");
    await expect(checkKeysOnThreads(table, ctx, 2, throws)).rejects.toThrow('no checks here');
    const silent = script(
      'silent.mjs',
      "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => process.exit(0));\n",
    );
    await expect(checkKeysOnThreads(table, ctx, 2, silent)).rejects.toThrow(
      'a key-check thread exited (0)',
    );
  });
});
