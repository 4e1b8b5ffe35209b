// Bring your own store, proven: test/fixtures/pollstore (a store unlike the bundled one) runs
// through short copies of the shipped scenarios by configuration alone (`kind: command`), via
// the built CLI (`npm run build` first). The correct store passes each scenario; the same
// scenario fails with one planted bug (POLLSTORE_BUG), on the SLO whose check should catch it.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model.js';
import { twoAtOnce } from '../two-at-once.js';

const BIN = fileURLToPath(new URL('../../bin/gameday.js', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/pollstore/', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'gameday-byo-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(scenario: string, bug: string, name: string) {
  const dir = join(root, name);
  const result = await twoAtOnce(() =>
    execa(
      'node',
      [BIN, 'run', scenario, '--out', join(dir, 'run'), '--state-dir', dir, '--seed', '7'],
      { reject: false, timeout: 90_000, env: { NO_COLOR: '1', POLLSTORE_BUG: bug } },
    ),
  );
  const reportFile = join(dir, 'run', 'report.json');
  const report = existsSync(reportFile)
    ? (JSON.parse(readFileSync(reportFile, 'utf8')) as Report)
    : undefined;
  return { ...result, dir, report };
}

const slo = (report: Report | undefined, name: string) => report?.slos.find((s) => s.name === name);

/** Two runs at once (each its own state dir and ports); a test's time includes its wait. */
const TIMEOUT_MS = 300_000;

describe.concurrent.each([
  { scenario: 'baseline', bug: 'stale-cache', caughtBy: 'read_your_writes' },
  { scenario: 'replication-partition', bug: 'arrival-order', caughtBy: 'divergence' },
  { scenario: 'region-kill', bug: 'early-ack', caughtBy: 'lost_writes' },
  { scenario: 'withdraw', bug: 'blind-cas', caughtBy: 'money_drift' },
])('pollstore through $scenario', ({ scenario, bug, caughtBy }) => {
  const file = join(FIXTURES, `${scenario}.yaml`);

  it(
    'passes every SLO when correct, leaves nothing running, and keeps the store logs',
    async () => {
      const result = await run(file, '', `${scenario}-ok`);
      expect(result.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
      expect(result.exitCode, result.stdout + result.stderr).toBe(0);
      expect(result.report?.slos.every((s) => s.pass)).toBe(true);
      expect(existsSync(join(result.dir, '.gameday', 'state.json'))).toBe(false);
      for (const region of ['us', 'eu']) {
        const log = readFileSync(join(result.dir, 'run', 'logs', `store-${region}.log`), 'utf8');
        expect(log).toContain(`pollstore ${region} listening`);
      }
      const html = readFileSync(join(result.dir, 'run', 'report.html'), 'utf8');
      expect(html).toContain('<a href="logs/store-us.log">');
      // No /dump: final.json was read back key by key, and both regions agree.
      const final = JSON.parse(readFileSync(join(result.dir, 'run', 'final.json'), 'utf8'));
      expect(final.settled).toBe(true);
      expect(Object.keys(final.regions.us).length).toBeGreaterThan(0);
      expect(final.regions.eu).toEqual(final.regions.us);
    },
    TIMEOUT_MS,
  );

  it(
    `fails ${caughtBy} with POLLSTORE_BUG=${bug}`,
    async () => {
      const result = await run(file, bug, `${scenario}-${bug}`);
      expect(result.exitCode, result.stdout + result.stderr).toBe(1);
      const caught = slo(result.report, caughtBy);
      expect(caught?.pass).toBe(false);
      expect(Number(caught?.measured)).toBeGreaterThan(0);
      expect(readFileSync(join(result.dir, 'run', 'logs', 'store-us.log'), 'utf8')).toContain(
        `(bug: ${bug})`,
      );
    },
    TIMEOUT_MS,
  );
});

describe.concurrent('a scenario asking for a part the store lacks', () => {
  it(
    'is an input error with file:line, found before anything starts',
    async () => {
      const text = readFileSync(join(FIXTURES, 'withdraw.yaml'), 'utf8');
      const file = join(root, 'no-cas.yaml');
      writeFileSync(file, text.replace('offers: { cas: true }', 'offers: { cas: false }'));
      const result = await run(file, '', 'no-cas');
      expect(result.exitCode).toBe(2);
      const line = text.split('\n').findIndex((l) => l.includes('kind: withdraw')) + 1;
      expect(result.stderr).toContain(`no-cas.yaml:${line}`);
      expect(result.stderr).toMatch(/compare-and-set/);
      expect(existsSync(join(result.dir, '.gameday', 'state.json'))).toBe(false);
      expect(existsSync(join(result.dir, 'run'))).toBe(false);
    },
    TIMEOUT_MS,
  );
});
