// The report's `run` object, read back from a run directory: run.json as `gameday run` wrote
// it, else (a foreign directory) what scenario.yaml tells: its name and sha256.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BadInputError } from '../errors.js';
import type { RunInfo } from '../model.js';

export async function readRunInfo(
  dir: string,
  scenario: Record<string, unknown> | null,
): Promise<RunInfo> {
  const recorded = join(dir, 'run.json');
  let info: RunInfo = {};
  if (existsSync(recorded)) {
    try {
      info = JSON.parse(await readFile(recorded, 'utf8')) as RunInfo;
    } catch (err) {
      throw new BadInputError(`${recorded}: not valid JSON (${(err as Error).message})`);
    }
    if (typeof info !== 'object' || info === null || Array.isArray(info)) {
      throw new BadInputError(
        `${recorded}: expected a JSON object (the run's scenario, seed, ...)`,
      );
    }
  }
  const scenarioFile = join(dir, 'scenario.yaml');
  if (existsSync(scenarioFile)) {
    const text = await readFile(scenarioFile);
    info.scenarioSha256 = createHash('sha256').update(text).digest('hex');
    if (info.scenario === undefined && typeof scenario?.name === 'string') {
      info.scenario = scenario.name;
    }
  }
  return info;
}
