// Issue 15: `gameday check --workers N` checks contiguous groups of keys apart and merges them
// in order (src/checks/key-threads.ts). The report must be byte for byte the one a single
// thread gives, linearizability included (its `ms`, a time, aside). Under vitest the worker's
// script is not built, so the groups go through the same shared columns, values and
// partials, copied as messages are, in this thread; test/checks/check-cli.slow.test.ts runs
// the built CLI with real threads.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSyntheticRun } from '../../bench/history-gen.js';
import { checkRunDir } from '../../src/checks/index.js';
import { groupCuts } from '../../src/checks/key-threads.js';
import type { Report } from '../../src/model.js';

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
