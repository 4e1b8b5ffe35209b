// Benchmark of the docker driver (issue 5): `up` to all-healthy with images present (goal:
// under 10 s, median), and a region kill's wall time from the call to the container being
// gone (median). Needs a running engine and the images (scripts/build-local-images --env).
// Run: npm run build && node dist/bench/docker.js   (or: node dist/bench/main.js docker)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TopologySpec } from '../src/model.js';
import { DEFAULT_ROUTER } from '../src/topology/haproxy.js';
import { DockerDriver } from '../src/topology/drivers/docker.js';

const UP_ROUNDS = Number(process.env.BENCH_DOCKER_UP_ROUNDS ?? 3);
const KILL_ROUNDS = Number(process.env.BENCH_DOCKER_KILL_ROUNDS ?? 5);

const spec: TopologySpec = {
  regions: ['us', 'eu'],
  store: { conflict: 'lww', writes: 'async', durability: 'fsync' },
  router: DEFAULT_ROUTER,
};

export async function benchDocker() {
  const root = mkdtempSync(join(tmpdir(), 'gameday-bench-docker-'));
  const upMs: number[] = [];
  const killMs: number[] = [];
  try {
    for (let i = 0; i < UP_ROUNDS; i++) {
      const driver = new DockerDriver(root);
      const started = performance.now();
      await driver.up(spec);
      upMs.push(performance.now() - started);
      if (i === UP_ROUNDS - 1) await measureKills(driver, killMs);
      await driver.down();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return {
    upToHealthyMs: { median: median(upMs), samples: upMs.map(Math.round), goal: '< 10000' },
    killToGoneMs: { median: median(killMs), samples: killMs.map(Math.round) },
  };
}

/** kill returns once Docker reports the container stopped; restore between rounds. */
async function measureKills(driver: DockerDriver, into: number[]): Promise<void> {
  for (let i = 0; i < KILL_ROUNDS; i++) {
    const started = performance.now();
    await driver.kill('eu');
    while ((await driver.status('eu')) !== 'stopped') await new Promise((r) => setTimeout(r, 5));
    into.push(performance.now() - started);
    await driver.restore('eu');
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.floor(s.length / 2)] ?? NaN);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await benchDocker(), null, 2));
}
