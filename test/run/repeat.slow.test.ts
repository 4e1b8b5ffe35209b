// `gameday run --repeat 2 --gate p50` through the real CLI: two runs with seeds 5 and 6, their
// run directories, repeat.json with the pass rates, and the gate's verdict as the exit code.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, gameday, tempRoot } from '../topology/helpers.js';

const roots: string[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await cleanup(root, []);
});

describe('gameday run --repeat', () => {
  it('runs the scenario with consecutive seeds and summarises them in repeat.json', async () => {
    const root = tempRoot();
    roots.push(root);
    const file = join(root, 'short.yaml');
    writeFileSync(
      file,
      `name: repeat-short
duration: 3s
warmup: 1s
settle: 2s
workload: {kind: register, rate: 40, keys: 4}
steps:
  - {at: 1s, duration: 1s, fault: latency, regions: [us, eu], ms: 20}
slo:
  divergence: 0
  split_brain_writes: 0
`,
    );
    const out = join(root, 'gate');
    const r = await gameday(
      root,
      ['run', file, '--repeat', '2', '--gate', 'p50', '--seed', '5', '--out', out],
      240_000,
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect(existsSync(join(out, 'seed-5', 'report.json'))).toBe(true);
    expect(existsSync(join(out, 'seed-6', 'report.json'))).toBe(true);
    const summary = JSON.parse(readFileSync(join(out, 'repeat.json'), 'utf8')) as {
      seeds: number[];
      gate: number;
      slos: { name: string; passed: number; runs: number }[];
      verdict: string;
    };
    expect(summary).toMatchObject({ seeds: [5, 6], gate: 0.5, verdict: 'pass' });
    expect(summary.slos.find((s) => s.name === 'divergence')).toMatchObject({ passed: 2, runs: 2 });
    expect(r.stdout).toMatch(/repeat-short: 2 runs/);
  });

  it('refuses --gate without --repeat and a bad --repeat, exit 2, nothing started', async () => {
    const root = tempRoot();
    roots.push(root);
    const gate = await gameday(root, ['run', 'baseline', '--gate', 'p90']);
    expect(gate.exitCode).toBe(2);
    expect(gate.stderr).toMatch(/--gate needs --repeat/);
    const bad = await gameday(root, ['run', 'baseline', '--repeat', 'lots']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/--repeat "lots" is not a whole number/);
    expect(existsSync(join(root, '.gameday', 'state.json'))).toBe(false);
  });
});
