// A shipped scenario, shortened, run end to end through the real CLI on both drivers: the
// same SLO verdicts, and nothing left behind on Docker. region-kill is the one where the
// drivers once disagreed (a killed container's vanished address blocked Toxiproxy).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { DockerEngine } from '../../src/docker/engine.js';
import * as h from '../topology/helpers.js';
import { prepareDocker } from './docker-env.js';

const docker = await prepareDocker();
if (docker.skip) console.warn(`docker scenario parity skipped: ${docker.skip}`);

const SHIPPED = join(import.meta.dirname, '..', '..', 'scenarios', 'region-kill.yaml');
const roots: string[] = [];

/** region-kill with a 14 s timeline (kill eu at 3 s for 6 s) instead of 40 s. */
function shortRegionKill(dir: string): string {
  const scenario = parse(readFileSync(SHIPPED, 'utf8'));
  Object.assign(scenario, { duration: '14s', warmup: '1s', settle: '4s' });
  Object.assign(scenario.steps[0], { at: '3s', duration: '6s' });
  const file = join(dir, 'region-kill-short.yaml');
  writeFileSync(file, stringify(scenario));
  return file;
}

interface RunJson {
  verdict: string;
  report: { slos: { name: string; pass: boolean; measured: unknown }[] };
}

/** Runs it through the CLI; also returns the compose project the run started (read from
 * state.json while it runs), to check that the run removed it. */
async function runOn(driver: 'local' | 'docker') {
  const root = h.tempRoot();
  roots.push(root);
  const file = shortRegionKill(root);
  const args = [
    'run',
    file,
    '--driver',
    driver,
    '--seed',
    '7',
    '--json',
    '--out',
    join(root, 'run'),
  ];
  const child = h.spawnGameday(root, args);
  let project: string | undefined;
  const watch = setInterval(() => (project ??= h.readStateIfAny(root)?.project), 200);
  const r = await child.finally(() => clearInterval(watch));
  expect([0, 1], String(r.stderr)).toContain(r.exitCode);
  const [result] = JSON.parse(String(r.stdout)) as RunJson[];
  return { result: result!, project };
}

const verdicts = (r: RunJson) => Object.fromEntries(r.report.slos.map((s) => [s.name, s.pass]));

describe.skipIf(Boolean(docker.skip))('region-kill on docker and on local', () => {
  afterAll(async () => {
    for (const root of roots) await h.cleanup(root, []);
  });

  it('gives the same verdicts, and the docker run leaves nothing labelled', async () => {
    // Both drivers at once (each its own state dir and ports), as stores-parity runs them.
    const [onDocker, onLocal] = await Promise.all([runOn('docker'), runOn('local')]);
    expect(verdicts(onDocker.result)).toEqual(verdicts(onLocal.result));
    expect(onDocker.result.verdict).toBe(onLocal.result.verdict);
    expect(onDocker.result.verdict).toBe('pass');
    expect(onDocker.project).toBeDefined();
    const left = await new DockerEngine().labelled(onDocker.project!);
    expect(left).toEqual({ containers: 0, networks: 0 });
  });
});
