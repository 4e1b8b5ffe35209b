// `gameday --version` is answered by bin/gameday.js before the command tree loads (issue 17's
// fast CLI): the same text and exit code as the command tree's answer, and a closed stdout is
// still exit 0 with nothing on stderr.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'gameday.js');

afterEach(() => vi.restoreAllMocks());

/** What the command tree itself prints for argv (commander's --version). */
async function fromCommandTree(...args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  const code = await main(['node', 'gameday', ...args]);
  vi.restoreAllMocks();
  return { code, out };
}

it.each(['--version', '-V'])('%s prints what the command tree prints, exit 0', async (flag) => {
  const tree = await fromCommandTree(flag);
  expect(tree).toEqual({ code: 0, out: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
  const bin = spawnSync(process.execPath, [BIN, flag], { encoding: 'utf8' });
  expect({ code: bin.status, out: bin.stdout, err: bin.stderr }).toEqual({
    code: 0,
    out: tree.out,
    err: '',
  });
});

it('--version with stdout closed is exit 0, nothing on stderr', () => {
  // 1>&-: gameday starts with its stdout closed, and the write fails (EBADF).
  const script = `"${process.execPath}" "${BIN}" --version 1>&-`;
  const bin = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
  expect(bin.status).toBe(0);
  expect(bin.stderr).toBe('');
});
