// `gameday run --json` in CI (no TTY): stdout is the JSON alone, and progress still reaches
// stderr while the run goes on, so a CI job watching for output never sees a silent job.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, gameday, tempRoot } from '../topology/helpers.js';

const roots: string[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await cleanup(root, []);
});

describe('gameday run --json on a non-TTY', () => {
  it('prints only JSON on stdout and timestamped progress lines on stderr', async () => {
    const root = tempRoot();
    roots.push(root);
    const file = join(root, 'short.yaml');
    writeFileSync(
      file,
      `name: json-progress
duration: 4s
warmup: 1s
settle: 2s
workload: {kind: register, rate: 40, keys: 4}
steps:
  - {at: 1s, duration: 2s, fault: latency, regions: [us, eu], ms: 50}
slo:
  divergence: 0
`,
    );
    const r = await gameday(root, ['run', file, '--json', '--out', join(root, 'run')], 120_000);
    expect(r.exitCode, r.stderr).toBe(0);
    const parsed = JSON.parse(r.stdout) as { scenario: string; verdict: string }[];
    expect(parsed[0]).toMatchObject({ scenario: 'json-progress', verdict: 'pass' });
    const progress = r.stderr.split('\n').filter((l) => /^\d{4}-\d\d-\d\dT[\d:.]+Z /.test(l));
    expect(progress.some((l) => /warmup/.test(l))).toBe(true);
    expect(progress.some((l) => /inject s1 latency us eu/.test(l))).toBe(true);
    expect(progress.some((l) => /settle/.test(l))).toBe(true);
  });
});
