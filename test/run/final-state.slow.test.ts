// The end of a run, for real: convergence of a heal at the very end of the timeline, the final
// state taken through the store's own view once it is stable, and a /dump that breaks the
// contract. Spawns the built CLI (`npm run build` first) on the local driver.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { FinalState, Report } from '../../src/model.js';
import { cleanup, gameday, gamedayEnv, tempRoot } from '../topology/helpers.js';
import { twoAtOnce } from '../two-at-once.js';

const POLLSTORE = fileURLToPath(new URL('../fixtures/pollstore/pollstore.mjs', import.meta.url));
const roots: string[] = [];
afterAll(async () => {
  for (const root of roots.splice(0)) await cleanup(root, []);
});

function setup(name: string, yaml: string) {
  const root = tempRoot();
  roots.push(root);
  const file = join(root, `${name}.yaml`);
  writeFileSync(file, yaml);
  const out = join(root, 'run');
  const read = <T>(f: string) => JSON.parse(readFileSync(join(out, f), 'utf8')) as T;
  return { root, file, out, read };
}

/** pollstore as the user's own store; `offers` says which optional parts it may use. */
const pollstore = (offers: string, slo: string) => `name: pollstore-final
description: final state of a store whose client read path may be cached
duration: 3s
warmup: 1s
settle: 5s
topology:
  store:
    kind: command
    command: node ${POLLSTORE} --port {port} --region {region} --data-dir {dataDir} --peers {peers}
    health: /health
    startTimeout: 10s
    offers: ${offers}
workload: {kind: register, rate: 200, keys: 5, routerClients: 0}
slo:
${slo}
`;

// Its runs two at once, each in its own state dir.
describe.concurrent('the end of a run', () => {
  it('a cut lasting to the end of the timeline still gets its convergence time', async () => {
    const { root, file, out, read } = setup(
      'cut-to-end',
      `name: cut-to-end
description: a replication cut healed when the timeline ends
duration: 4s
warmup: 1s
settle: 8s
workload: {kind: register, rate: 100, keys: 8}
steps:
  - {at: 1s, duration: 3s, fault: partition, regions: [us, eu], scope: replication}
slo:
  convergence_time: "< 8s"
`,
    );
    const result = await twoAtOnce(() =>
      gameday(root, ['run', file, '--out', out, '--seed', '5'], 90_000),
    );
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const report = read<Report>('report.json');
    expect(report.checks.convergence.unconverged).toBe(0);
    const step = report.checks.convergence.steps?.[0];
    expect(step?.convergedMs).not.toBeNull();
    // Its true time: after the heal, and within the settle the run gave it.
    expect(step!.convergedMs!).toBeGreaterThanOrEqual(0);
    expect(step!.convergedMs!).toBeLessThan(8000);
    expect(report.slos[0]).toMatchObject({ name: 'convergence_time', pass: true });
  });

  it('a cached client read path gives no false lost writes or divergence', async () => {
    const { root, file, out, read } = setup(
      'stale-cache',
      pollstore('{ cas: true, digest: true }', '  lost_writes: 0\n  divergence: 0'),
    );
    const result = await twoAtOnce(() =>
      gamedayEnv(root, ['run', file, '--out', out, '--seed', '7'], {
        POLLSTORE_BUG: 'stale-cache',
      }),
    );
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const final = read<FinalState>('final.json');
    expect(final).toMatchObject({ settled: true, source: 'readback', agreed: true });
    expect(final.reads).toBeGreaterThanOrEqual(2);
    expect(Object.keys(final.regions.us!).length).toBeGreaterThan(0);
    const report = read<Report>('report.json');
    expect(report.checks.lostWrites.count).toBe(0);
    expect(report.checks.divergence.keys).toEqual([]);
    expect(report.checks.finalImpossible.count).toBe(0);
  });

  it('a /dump answer not in the contract shape is exit 2 naming region, URL and field', async () => {
    const { root, file, out } = setup(
      'bad-dump',
      pollstore('{ cas: true, dump: true }', '  lost_writes: 0'),
    );
    const result = await twoAtOnce(() =>
      gamedayEnv(root, ['run', file, '--out', out, '--seed', '7'], {
        POLLSTORE_BUG: 'bad-dump',
      }),
    );
    expect(result.exitCode, result.stdout + result.stderr).toBe(2);
    expect(result.stderr).toMatch(
      /region (us|eu) broke the \/dump contract: GET http:\/\/127\.0\.0\.1:\d+\/dump answered .*the field "keys" is missing/,
    );
    expect(result.stderr).toMatch(/docs\/targets\.md/);
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    // Found before the workload started, and nothing is left running.
    expect(existsSync(join(out, 'report.json'))).toBe(false);
    expect(readFileSync(join(out, 'history.jsonl'), 'utf8').trim()).toBe('');
    expect(existsSync(join(root, '.gameday', 'state.json'))).toBe(false);
  });

  it('the same store with a contract /dump takes the final state through it', async () => {
    const { root, file, out, read } = setup(
      'good-dump',
      pollstore('{ cas: true, dump: true }', '  lost_writes: 0\n  divergence: 0'),
    );
    const result = await twoAtOnce(() =>
      gameday(root, ['run', file, '--out', out, '--seed', '7'], 90_000),
    );
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const final = read<FinalState>('final.json');
    expect(final).toMatchObject({ settled: true, source: 'dump', agreed: true });
    expect(final.reads).toBeGreaterThanOrEqual(2);
    expect(final.regions.eu).toEqual(final.regions.us);
  });
});
