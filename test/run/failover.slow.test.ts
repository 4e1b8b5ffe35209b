// Failover time measured end to end must agree with the router's health-check settings:
// HAProxy marks a region down after `fall` failed checks `inter` apart, so a killed region
// is routed around between inter×(fall−1) and inter×(fall+1) + the check timeout.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { Report } from '../../src/model.js';
import { cleanup, gameday, tempRoot } from '../topology/helpers.js';

const roots: string[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await cleanup(root, []);
});

const INTER = 400;
const FALL = 3;
const TIMEOUT = 200;

it('a killed region fails over within the window its health checks imply', async () => {
  const root = tempRoot();
  roots.push(root);
  const file = join(root, 'kill.yaml');
  writeFileSync(
    file,
    `name: kill-failover
description: kill eu and time the router's failover
duration: 10s
warmup: 1s
settle: 5s
topology:
  router: {inter: ${INTER}ms, fall: ${FALL}, rise: 2, timeout: ${TIMEOUT}ms}
workload: {kind: register, rate: 150, clients: 1, routerClients: 6, timeout: 1s}
steps:
  - {id: kill-eu, at: 1s, duration: 7s, fault: kill-region, region: eu}
slo:
  failover_time: "< 5s"
  availability: ">= 99%"
`,
  );
  const out = join(root, 'run');
  const r = await gameday(root, ['run', file, '--out', out, '--seed', '5', '--ci'], 90_000);
  expect([0, 1], r.stderr).toContain(r.exitCode);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
  const failover = report.checks.failover.find((f) => f.step === 'kill-eu');
  expect(failover?.region).toBe('eu');
  expect(failover?.failoverMs).not.toBeNull();
  expect(failover!.failoverMs!).toBeGreaterThanOrEqual(INTER * (FALL - 1));
  expect(failover!.failoverMs!).toBeLessThanOrEqual(INTER * (FALL + 1) + TIMEOUT);
  expect(failover!.errors).toBeGreaterThan(0);
});
