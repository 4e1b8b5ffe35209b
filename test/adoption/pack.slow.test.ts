// The packed package, installed as a user installs it (`npm install -g ./gameday-<v>.tgz` into
// a fresh prefix), works from an empty directory: shipped scenarios, the bundled store, the
// schema and the compose file resolve from the package, never from the working directory.
// The same install then runs the script steps of docs/ci.md's pipelines, as written.
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDocker } from '../docker/docker-env.js';
import { removeTempRoots, tempRoot } from '../topology/helpers.js';

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
  removeTempRoots();
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

const GATE = `name: gate
duration: 4s
warmup: 1s
settle: 2s
workload: {kind: register, rate: 40, keys: 4}
steps:
  - {at: 1s, duration: 2s, fault: latency, regions: [us, eu], ms: 50}
slo:
  divergence: 0
`;

/** The YAML blocks of docs/ci.md: GitHub Actions first, GitLab CI second. */
function pipelines(): [Record<string, unknown>, Record<string, unknown>] {
  const md = readFileSync(join(REPO, 'docs', 'ci.md'), 'utf8');
  const blocks = [...md.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1]!));
  return blocks as [Record<string, unknown>, Record<string, unknown>];
}

/** Runs one pipeline step's script with bash -e in `dir`, the installed gameday on PATH. */
async function step(dir: string, script: string, env: Record<string, string>) {
  const r = await execa('bash', ['-e', '-c', script], {
    cwd: dir,
    reject: false,
    timeout: 120_000,
    env: {
      PATH: `${join(prefix, 'bin')}:${process.env.PATH}`,
      CI: 'true',
      GAMEDAY_STATE_DIR: dir,
      ...env,
    },
  });
  expect(r.exitCode, `${script}\n${r.stderr}`).toBe(0);
}

/** A clean checkout of a user's repository: just their gate scenario. */
function checkout(name: string): string {
  const dir = join(tempRoot(), name);
  mkdirSync(join(dir, 'gameday'), { recursive: true });
  writeFileSync(join(dir, 'gameday', 'gate.yaml'), GATE);
  return dir;
}

// The install steps (apt-get, go install, npm install -g gameday) are what beforeAll did with
// the packed tarball; every other script step runs as written.
const isInstall = (script: string) => /npm install -g gameday/.test(script);

describe('docs/ci.md, step by step', () => {
  let firstRuns: string;

  it('GitHub Actions: the gate passes and the step summary says there is no baseline yet', async () => {
    const dir = checkout('github');
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '');
    const [github] = pipelines();
    const job = (github.jobs as Record<string, { steps: { run?: string }[] }>).gameday!;
    const scripts = job.steps.map((s) => s.run).filter((r): r is string => Boolean(r));
    expect(scripts.length).toBeGreaterThanOrEqual(3);
    for (const script of scripts.filter((s) => !isInstall(s)))
      await step(dir, script, { GITHUB_STEP_SUMMARY: summary });
    expect(readFileSync(summary, 'utf8')).toMatch(/no baseline from main yet/);
    expect(readdirSync(join(dir, 'runs', 'gate'))).toContain('junit.xml');
    firstRuns = join(dir, 'runs');
  });

  it("GitLab CI: with main's artefact as the baseline, compare writes its Markdown table", async () => {
    const dir = checkout('gitlab');
    // What the artefact download unpacks: main's runs/ under baseline/.
    cpSync(firstRuns, join(dir, 'baseline', 'runs'), { recursive: true });
    const [, gitlab] = pipelines();
    const job = gitlab.resilience as { script: string[]; before_script: string[] };
    expect(job.before_script.some(isInstall)).toBe(true);
    const env = {
      CI_JOB_TOKEN: 'x',
      CI_PROJECT_ID: '1',
      CI_API_V4_URL: 'http://127.0.0.1:9/api/v4', // nothing listens: the download is skipped
    };
    for (const script of job.script) await step(dir, script, env);
    expect(readFileSync(join(dir, 'compare.md'), 'utf8')).toMatch(/^### gameday compare: /);
    expect(readdirSync(join(dir, 'runs', 'gate'))).toContain('junit.xml');
  });
});
