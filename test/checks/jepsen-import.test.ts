// `gameday import jepsen`: the parser (values relabelled when repeated, refused cas, info ops,
// file:line errors) and a few of Porcupine's etcd histories judged as Porcupine judges them
// (all 102 in jepsen-etcd.slow.test.ts).
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkRunDir } from '../../src/checks/index.js';
import { BadInputError } from '../../src/errors.js';
import { parseJepsenLog } from '../../src/history/import-jepsen.js';
import { importHistory } from '../../src/history/import-run-dir.js';
import { toOps } from '../../src/history/ops.js';
import { extractJepsen, JEPSEN_VERDICTS } from './jepsen-fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'gameday-jepsen-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const log = (...lines: string[]) => lines.map((l) => `INFO  jepsen.util - ${l}`).join('\n');

describe('parseJepsenLog', () => {
  it('keeps the first live write of a value, relabels the repeats and records the aliases', () => {
    const { events, aliases } = parseJepsenLog(
      log(
        '0\t:invoke\t:write\t3',
        '0\t:ok\t:write\t3',
        '1\t:invoke\t:write\t3',
        '1\t:ok\t:write\t3',
        '2\t:invoke\t:read\tnil',
        '2\t:ok\t:read\t3',
      ),
      'x.log',
    );
    expect(events.map((e) => e.value)).toEqual([3, 3, '3#2', '3#2', null, 3]);
    expect(aliases).toEqual({ '3#2': 3 });
    expect(events.map((e) => e.time)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('marks a failed cas as refused, an info write unknown, and a timed-out read failed', () => {
    const { events } = parseJepsenLog(
      log(
        '0\t:invoke\t:cas\t[1 4]',
        '0\t:fail\t:cas\t[1 4]',
        '1\t:invoke\t:write\t2',
        '1\t:info\t:write\t:timed-out',
        '2\t:invoke\t:read\tnil',
        '2\t:fail\t:read\t:timed-out',
      ),
      'x.log',
    );
    const ops = toOps(events);
    expect(ops.map((o) => [o.f, o.outcome, o.value])).toEqual([
      ['cas', 'fail', { from: 1, to: '4#1', applied: false }],
      ['write', 'info', 2],
      ['read', 'fail', null],
    ]);
  });

  it('a failed cas does not keep a value: the next live write of it does', () => {
    const { events } = parseJepsenLog(
      log(
        '0\t:invoke\t:cas\t[1 4]',
        '0\t:fail\t:cas\t[1 4]',
        '1\t:invoke\t:write\t4',
        '1\t:ok\t:write\t4',
      ),
      'x.log',
    );
    expect(events.map((e) => e.value)).toEqual([
      { from: 1, to: '4#1' },
      { from: 1, to: '4#1', applied: false },
      4,
      4,
    ]);
  });

  it('names file:line, the text and the expected shape of a line it cannot read', () => {
    const bad = () => parseJepsenLog(log('0\t:invoke\t:read\tnil') + '\nhello world\n', 'h.log');
    expect(bad).toThrow(BadInputError);
    expect(bad).toThrow(/^h\.log:2: not a Jepsen register operation: "hello world"/);
    expect(() => parseJepsenLog(log('0\t:invoke\t:cas\t[1]'), 'h.log')).toThrow(
      /h\.log:1: cas value "\[1\]" is not \[from to\]/,
    );
  });
});

describe('importHistory → checkRunDir on Porcupine etcd histories', () => {
  // Small ones of both verdicts; every one in the slow test.
  it.each(['etcd_000.log', 'etcd_001.log', 'etcd_005.log', 'etcd_010.log'])(
    '%s as Porcupine says',
    async (name) => {
      const file = extractJepsen(name, root);
      const out = join(root, `${name}.run`);
      await importHistory('jepsen', file, out);
      expect(JSON.parse(readFileSync(join(out, 'import.json'), 'utf8')).format).toBe('jepsen');
      const report = await checkRunDir(out);
      const lin = report.checks.linearizability!;
      expect(lin.unknown).toEqual([]);
      expect(lin.illegal.length === 0).toBe(JEPSEN_VERDICTS[name]);
      expect(report.slos.find((s) => s.name === 'linearizable')?.pass).toBe(JEPSEN_VERDICTS[name]);
    },
  );

  it('refuses a non-empty --out and writes nothing for a bad file', async () => {
    const file = join(root, 'bad.log');
    (await import('node:fs')).writeFileSync(file, log('0\t:invoke\t:write\tx'));
    await expect(importHistory('jepsen', file, join(root, 'bad.run'))).rejects.toThrow(
      /bad\.log:1: write value "x" is not an integer/,
    );
    expect(existsSync(join(root, 'bad.run'))).toBe(false);
    await expect(importHistory('jepsen', file, root)).rejects.toThrow(/not an empty directory/);
    await expect(importHistory('edn', file, join(root, 'x'))).rejects.toThrow(
      /unknown history format "edn"/,
    );
  });
});
