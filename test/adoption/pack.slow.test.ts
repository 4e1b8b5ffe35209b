// The packed package, installed as a user installs it (`npm install -g ./gameday-<v>.tgz` into
// a fresh prefix), works from an empty directory: shipped scenarios, the bundled store, the
// schema and the compose file resolve from the package, never from the working directory.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDocker } from '../docker/docker-env.js';
import { tempRoot } from '../topology/helpers.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
let prefix: string;
let empty: string;

/** The installed `gameday`, run in the empty directory with a clean state dir of its own. */
const gameday = (args: string[], env: Record<string, string> = {}) =>
  execa(join(prefix, 'bin', 'gameday'), args, {
    cwd: empty,
    reject: false,
    timeout: 120_000,
    env: { CI: 'true', NO_COLOR: '1', GAMEDAY_STATE_DIR: empty, ...env },
    extendEnv: true,
  });

beforeAll(async () => {
  const root = tempRoot();
  prefix = join(root, 'prefix');
  empty = join(root, 'empty');
  mkdirSync(empty);
  // npm test has just built dist/; packing must not rebuild (that is `prepare`'s job in a clone).
  await execa('npm', ['pack', '--ignore-scripts', '--pack-destination', root], { cwd: REPO });
  const tarball = readdirSync(root).find((f) => f.endsWith('.tgz'))!;
  await execa(
    'npm',
    [
      'install',
      '-g',
      '--prefix',
      prefix,
      '--prefer-offline',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      join(root, tarball),
    ],
    { cwd: root, timeout: 300_000 },
  );
}, 400_000);

afterAll(async () => {
  if (empty) await gameday(['down']);
});

describe('the packed package, installed in a fresh prefix', () => {
  it('lists the shipped scenarios and runs one from an empty directory', async () => {
    const list = await gameday(['scenarios']);
    expect(list.exitCode, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/replication-partition/);
    writeFileSync(
      join(empty, 'smoke.yaml'),
      `# yaml-language-server: $schema=../schema/scenario.schema.json
name: pack-smoke
duration: 4s
warmup: 1s
settle: 2s
workload: {kind: register, rate: 40, keys: 4}
steps:
  - {at: 1s, duration: 2s, fault: partition, regions: [us, eu], scope: replication}
slo:
  divergence: 0
`,
    );
    const run = await gameday(['run', 'smoke.yaml', '--out', 'run']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(readdirSync(join(empty, 'run'))).toEqual(
      expect.arrayContaining(['history.jsonl', 'report.json', 'junit.xml', 'report.html']),
    );
  });

  it("brings the docker driver's topology up from the package's compose file", async () => {
    const docker = await prepareDocker();
    if (docker.skip) return console.warn(`skipped: ${docker.skip}`);
    const images = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => k.startsWith('GAMEDAY_') && k.endsWith('_IMAGE')),
    ) as Record<string, string>;
    const up = await gameday(['up', '--driver', 'docker', '--json'], images);
    expect(up.exitCode, up.stderr).toBe(0);
    const down = await gameday(['down']);
    expect(down.exitCode, down.stderr).toBe(0);
  });
});
