// Porcupine parity: every one of Porcupine's 102 Jepsen etcd histories (test/fixtures/jepsen-etcd)
// imported and checked gets the verdict Porcupine's own tests assert (23 linearizable, 79 not;
// the empty etcd_095.log has none). Then the built CLI: import, check, and a bad line → exit 2.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { checkRunDir } from '../../src/checks/index.js';
import { importHistory } from '../../src/history/import-run-dir.js';
import { extractJepsen, JEPSEN_VERDICTS, jepsenLogs } from './jepsen-fixtures.js';

const BIN = fileURLToPath(new URL('../../bin/gameday.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'gameday-jepsen-slow-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const gameday = (args: string[]) =>
  execa('node', [BIN, ...args], { reject: false, timeout: 60_000, env: { NO_COLOR: '1' } });

describe('Porcupine etcd histories', () => {
  it('are all there: 102 with a verdict, 23 linearizable', () => {
    const named = jepsenLogs().filter((n) => n in JEPSEN_VERDICTS);
    expect(named).toHaveLength(102);
    expect(named.filter((n) => JEPSEN_VERDICTS[n])).toHaveLength(23);
  });

  it.each(Object.keys(JEPSEN_VERDICTS))("%s gets Porcupine's verdict", async (name) => {
    const out = join(root, `${name}.run`);
    await importHistory('jepsen', extractJepsen(name, root), out);
    const lin = (await checkRunDir(out)).checks.linearizability!;
    expect(lin.unknown).toEqual([]);
    expect(lin.illegal.length === 0).toBe(JEPSEN_VERDICTS[name]);
    if (!JEPSEN_VERDICTS[name]) expect(lin.counterexamples?.[0]?.blocked.role).toBe('blocked');
  });
});

describe('gameday import jepsen (built CLI)', () => {
  it('imports, then check judges linearizability and shows a counterexample (exit 1)', async () => {
    const out = join(root, 'cli.run');
    const imported = await gameday([
      'import',
      'jepsen',
      extractJepsen('etcd_000.log', root),
      '--out',
      out,
    ]);
    expect(imported.exitCode).toBe(0);
    expect(imported.stdout).toMatch(/repeated written values relabelled/);
    const checked = await gameday(['check', out]);
    expect(checked.exitCode).toBe(1);
    expect(checked.stdout).toMatch(/linearizable\s+true\s+1\s+FAIL/);
    expect(checked.stdout).toMatch(/longest linearizable prefix: \d+ ops/);
    expect(checked.stdout).toMatch(/cannot take effect next/);
  });

  it('a linearizable history passes (exit 0)', async () => {
    const out = join(root, 'cli-ok.run');
    await gameday(['import', 'jepsen', extractJepsen('etcd_005.log', root), '--out', out]);
    const checked = await gameday(['check', out, '--json']);
    expect(checked.exitCode).toBe(0);
    expect(JSON.parse(checked.stdout).checks.linearizability).toMatchObject({
      keys: 1,
      illegal: [],
      unknown: [],
    });
  });

  it('a line it cannot read is exit 2 with file:line, and no directory is written', async () => {
    const bad = join(root, 'broken.log');
    writeFileSync(
      bad,
      'INFO  jepsen.util - 0\t:invoke\t:read\tnil\nINFO  jepsen.util - 0\t:ok\t:read\tabc\n',
    );
    const res = await gameday(['import', 'jepsen', bad, '--out', join(root, 'broken.run')]);
    expect(res.exitCode).toBe(2);
    expect(res.stderr).toMatch(/broken\.log:2: read value "abc" is not nil or an integer/);
    expect(res.stderr).not.toMatch(/at .*\.js:\d+/);
    const again = await gameday(['check', join(root, 'broken.run')]);
    expect(again.exitCode).toBe(2);
  });

  it('check --lin-timeout refuses a bad duration (exit 2)', async () => {
    const out = join(root, 'cli.run');
    const res = await gameday(['check', out, '--lin-timeout', 'soon']);
    expect(res.exitCode).toBe(2);
    expect(res.stderr).toMatch(/--lin-timeout "soon" is not a duration/);
  });
});
