// The run directory: created and proven writable before anything starts, so a run that
// cannot record never injects a fault.
import { accessSync, constants, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeDirs } from '../dirs.js';
import { PreconditionError } from '../errors.js';
import { redactSecrets } from './redact.js';

export interface RunPaths {
  dir: string;
  scenario: string;
  history: string;
  events: string;
  final: string;
  report: string;
  junit: string;
}

/** `runs/20261121-231500-replication-partition`, in local time, sortable. */
export function defaultRunDir(name: string, parent = 'runs', now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp =
    `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-` +
    `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 60);
  return join(parent, `${stamp}-${safe}`);
}

/** Creates the directory, copies the scenario in, and checks that files can be written. */
export function prepareRunDir(dir: string, scenarioFile: string): RunPaths {
  const abs = resolve(dir);
  const paths: RunPaths = {
    dir: abs,
    scenario: join(abs, 'scenario.yaml'),
    history: join(abs, 'history.jsonl'),
    events: join(abs, 'events.jsonl'),
    final: join(abs, 'final.json'),
    report: join(abs, 'report.json'),
    junit: join(abs, 'junit.xml'),
  };
  try {
    makeDirs(abs);
    accessSync(abs, constants.W_OK);
    // As run, minus credentials: reports and CI artifacts are shared more widely than secrets.
    writeFileSync(paths.scenario, redactSecrets(readFileSync(scenarioFile, 'utf8')));
  } catch (err) {
    throw new PreconditionError(
      `cannot write the run directory ${abs}: ${(err as Error).message}`,
      'choose a writable place with --out DIR (and check free disk space)',
    );
  }
  return paths;
}

/** A write into the run directory failed mid-run (disk full, directory removed): the same
 * error as a run directory that cannot be written at the start. */
export function runDirError(file: string, cause: Error): PreconditionError {
  return new PreconditionError(
    `cannot write the run directory: ${file}: ${cause.message}`,
    'the run was stopped and healed; free disk space or choose another place with --out DIR',
  );
}
