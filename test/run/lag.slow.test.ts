// Replication lag and conflict rate end to end on the bundled store (mv, async), where the
// answer is known by construction: a 10 s replication cut must show a lag of at least ~10 s,
// ramping through the cut and falling after the heal, and cross-region conflicts; the same
// workload with no fault shows neither.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model.js';
import { cleanup, gameday, tempRoot } from '../topology/helpers.js';
import { twoAtOnce } from '../two-at-once.js';

const roots: string[] = [];
afterAll(async () => {
  for (const root of roots.splice(0)) await cleanup(root, []);
});

const CUT = `steps:
  - {at: 2s, duration: 10s, fault: partition, regions: [us, eu], scope: replication}
`;

async function run(steps: string): Promise<Report> {
  const root = tempRoot();
  roots.push(root);
  const file = join(root, 'lag.yaml');
  writeFileSync(
    file,
    `name: lag
description: probes and cross-region writes on one key space
duration: 16s
warmup: 1s
settle: 5s
topology:
  store: {conflict: mv, writes: async}
workload: {kind: register, rate: 60, keys: 200, probe: 100ms, timeout: 500ms}
${steps}`,
  );
  const out = join(root, 'run');
  const r = await twoAtOnce(() =>
    gameday(root, ['run', file, '--out', out, '--seed', '5', '--ci'], 120_000),
  );
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
}

// Both runs at once: each its own state dir and ports.
describe.concurrent('replication lag and conflict rate through a replication cut', () => {
  it('a 10 s cut: lag ≥ 9 s each way, a ramp that falls after the heal, conflicts counted', async () => {
    const { replicationLag: lag, conflictRate } = (await run(CUT)).checks;
    expect(lag.max).toBeGreaterThanOrEqual(9000);
    for (const [from, to] of [
      ['us', 'eu'],
      ['eu', 'us'],
    ] as const) {
      expect(lag.byDirection[`${from}->${to}`]?.max).toBeGreaterThanOrEqual(9000);
      const series = (lag.series ?? []).filter((s) => s.from === from && s.to === to);
      const peak = series.reduce((a, b) => (b.lagMs > a.lagMs ? b : a));
      expect(peak.lagMs).toBeGreaterThanOrEqual(9000);
      // Rising through the cut: every sample of the 8 s before the peak is at or above the last.
      const ramp = series.filter((s) => s.time >= peak.time - 8000 && s.time <= peak.time);
      expect(ramp.length).toBeGreaterThan(10);
      ramp.forEach((s, i) => i > 0 && expect(s.lagMs).toBeGreaterThanOrEqual(ramp[i - 1]!.lagMs));
      // Falling at the heal.
      const after = series.filter((s) => s.time > peak.time).map((s) => s.lagMs);
      expect(Math.min(...after)).toBeLessThan(1000);
    }
    expect(conflictRate.history).toBeGreaterThan(1000);
    expect(conflictRate.store).toBeGreaterThan(500);
  });

  it('no fault: lag well under the cut, next to no conflicts', async () => {
    const { replicationLag: lag, conflictRate } = (await run('')).checks;
    expect(lag.samples).toBeGreaterThan(50);
    expect(lag.max).toBeLessThan(5000);
    expect(conflictRate.history).toBeLessThan(1000);
    expect(conflictRate.store).toBeLessThan(100);
  });
});
