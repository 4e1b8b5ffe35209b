// A short region kill on the bundled store, where the answer is known by construction: the
// global entry fails over, so the router entry's availability stays high while eu's own
// clients fail for the whole kill, and every ok router answer during the kill comes from us.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { Report } from '../../src/model.js';
import { cleanup, gameday, tempRoot } from '../topology/helpers.js';

const roots: string[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await cleanup(root, []);
});

it('region kill: the router entry stays available, eu does not, and us answers the router', async () => {
  const root = tempRoot();
  roots.push(root);
  const file = join(root, 'kill.yaml');
  writeFileSync(
    file,
    `name: kill-entries
description: kill eu behind the router; availability per entry and traffic per phase
duration: 10s
warmup: 1s
settle: 5s
topology:
  router: {inter: 300ms, fall: 2, rise: 2, timeout: 200ms}
workload: {kind: register, rate: 150, clients: 2, routerClients: 6, timeout: 1s}
steps:
  - {id: kill-eu, at: 2s, duration: 6s, fault: kill-region, region: eu}
slo:
  availability: ">= 95%"
  availability_region: {eu: ">= 90%"}
`,
  );
  const out = join(root, 'run');
  const r = await gameday(root, ['run', file, '--out', out, '--seed', '3', '--ci'], 90_000);
  expect([0, 1], r.stderr).toContain(r.exitCode);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
  const { availability, trafficDistribution } = report.checks;

  const router = availability.byEntry.router!;
  expect(router).toBeGreaterThanOrEqual(0.95);
  // eu's direct clients fail for the 6 s kill out of 10 s (11 s with warmup).
  expect(availability.byEntry.eu).toBeLessThan(0.7);
  expect(availability.byEntry.us).toBeGreaterThanOrEqual(0.95);
  const slo = (name: string) => report.slos.find((s) => s.name === name);
  expect(slo('availability')).toMatchObject({ measured: router, pass: true });
  expect(slo('availability_region.eu')).toMatchObject({ pass: false });

  expect(availability.byPhase.map((p) => p.phase)).toEqual([
    'before',
    'during:kill-eu',
    'after:kill-eu',
  ]);
  const during = trafficDistribution.byPhase[1]!;
  expect(during.phase).toBe('during:kill-eu');
  expect(during.expected).toEqual({ eu: 0, us: 1 });
  expect(during.ops).toBeGreaterThan(20);
  expect(during.shares.us).toBeGreaterThanOrEqual(0.99);
  // Before the kill the router splits evenly between the two regions.
  const before = trafficDistribution.byPhase[0]!;
  expect(before.expected).toEqual({ eu: 0.5, us: 0.5 });
  expect(before.shares.us).toBeGreaterThan(0.3);
  expect(before.shares.eu).toBeGreaterThan(0.3);
  expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toContain('name="availability_region.eu"');
});
