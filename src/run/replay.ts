// `gameday run --replay RUN_DIR`: the scenario and seed a recorded run used (run.json). The
// original scenario file is preferred while it still reads as the run directory's copy (its
// relative paths and credentials then work); otherwise the copy in the run directory.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BadInputError } from '../errors.js';
import type { RunInfo } from '../model.js';
import { sha256 } from './info.js';
import { redactSecrets } from './redact.js';

export interface Replay {
  file: string;
  seed: number;
}

export function replaySource(dir: string): Replay {
  const infoFile = join(dir, 'run.json');
  const copy = join(dir, 'scenario.yaml');
  if (!existsSync(infoFile) || !existsSync(copy)) {
    throw new BadInputError(
      `--replay ${dir}: ${existsSync(infoFile) ? copy : infoFile} is missing`,
      'pass a run directory `gameday run` wrote (it keeps run.json and scenario.yaml)',
    );
  }
  let info: RunInfo;
  try {
    info = JSON.parse(readFileSync(infoFile, 'utf8')) as RunInfo;
  } catch (err) {
    throw new BadInputError(`${infoFile}: not valid JSON (${(err as Error).message})`);
  }
  if (!Number.isSafeInteger(info?.seed) || (info.seed as number) < 0) {
    throw new BadInputError(
      `${infoFile}: field seed: expected a whole number, got ${JSON.stringify(info?.seed)}`,
    );
  }
  if (info.drill === true) {
    throw new BadInputError(
      `--replay ${dir}: a drill's faults were typed by hand, so there is no timeline to replay`,
      `\`gameday check ${dir}\` judges it again; \`gameday drill --topology FILE\` plays another`,
    );
  }
  return { file: sameScenario(info.scenarioFile, copy) ?? copy, seed: info.seed as number };
}

function sameScenario(original: string | undefined, copy: string): string | undefined {
  if (!original || !existsSync(original)) return undefined;
  try {
    const asRun = sha256(redactSecrets(readFileSync(original, 'utf8')));
    return asRun === sha256(readFileSync(copy)) ? original : undefined;
  } catch {
    return undefined;
  }
}
