// The history contract: written values are unique per key unless retries share a `logical`
// id. `gameday check` on a run directory that breaks it exits 2 naming the first two lines.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { HistoryEvent } from '../../src/model.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

/** One operation as its two history lines. */
function op(
  process: string,
  f: 'write' | 'cas' | 'read',
  value: unknown,
  at: number,
  extra: Partial<HistoryEvent> = {},
  outcome: 'ok' | 'fail' | 'info' = 'ok',
): Partial<HistoryEvent>[] {
  const base = { process, region: process.split('-')[0]!, f, key: 'k', ...extra };
  return [
    { ...base, time: at, type: 'invoke', value: f === 'read' ? null : value },
    { ...base, time: at + 1, type: outcome, value },
  ];
}

async function check(lines: Partial<HistoryEvent>[]) {
  const dir = mkdtempSync(join(tmpdir(), 'gameday-unique-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'history.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  const code = await main(['node', 'gameday', 'check', dir]);
  vi.restoreAllMocks();
  return { code, stderr };
}

describe('repeated written values', () => {
  it('exits 2 naming the first two lines that wrote the same value to the same key', async () => {
    const { code, stderr } = await check([
      ...op('us-1', 'write', 'a', 0),
      ...op('eu-1', 'write', 'b', 2),
      ...op('eu-2', 'read', 'b', 4),
      ...op('eu-1', 'write', 'a', 6, {}, 'fail'),
      ...op('us-1', 'write', 'a', 8),
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/history\.jsonl:1 and history\.jsonl:7 both write "a" to key "k"/);
    expect(stderr).toMatch(/"logical" id/);
  });

  it('a cas writes its `to`: a cas repeating a written value is refused too', async () => {
    const { code, stderr } = await check([
      ...op('us-1', 'write', 'a', 0),
      ...op('eu-1', 'cas', { from: 'a', to: 'a' }, 2),
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/history\.jsonl:1 and history\.jsonl:3 both write "a"/);
  });

  it('retries sharing a logical id may repeat their value; different ids may not', async () => {
    const retried = await check([
      ...op('us-1', 'write', 'a', 0, { logical: 'op-7' }, 'info'),
      ...op('us-1', 'write', 'a', 2, { logical: 'op-7' }),
      ...op('us-2', 'read', 'a', 4),
    ]);
    expect(retried.code).toBe(0);
    const distinct = await check([
      ...op('us-1', 'write', 'a', 0, { logical: 'op-7' }, 'info'),
      ...op('us-1', 'write', 'a', 2, { logical: 'op-8' }),
    ]);
    expect(distinct.code).toBe(2);
    expect(distinct.stderr).toMatch(/history\.jsonl:1 and history\.jsonl:3/);
  });

  it('the same value on two keys, and reads returning it, are fine', async () => {
    const { code } = await check([
      ...op('us-1', 'write', 'a', 0),
      ...op('us-1', 'write', 'a', 2, { key: 'other' }),
      ...op('eu-1', 'read', 'a', 4),
      ...op('eu-1', 'read', 'a', 6),
    ]);
    expect(code).toBe(0);
  });

  it('a logical id must be a string', async () => {
    const { code, stderr } = await check(op('us-1', 'write', 'a', 0, { logical: 7 as never }));
    expect(code).toBe(2);
    expect(stderr).toMatch(/history\.jsonl:1: "logical" must be a string/);
  });
});
