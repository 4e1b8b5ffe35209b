// `gameday validate`'s work, without the printing: load each file, collect its problems.
import { BadInputError } from '../errors.js';
import { loadScenario } from './loader.js';
import { ScenarioError, type Problem } from './problems.js';
import type { Scenario } from './types.js';

export interface ValidationResult {
  file: string;
  valid: boolean;
  scenario?: Scenario;
  problems: Problem[];
}

export async function validateFiles(files: string[]): Promise<ValidationResult[]> {
  return Promise.all(files.map(validateFile));
}

async function validateFile(file: string): Promise<ValidationResult> {
  try {
    return { file, valid: true, scenario: await loadScenario(file), problems: [] };
  } catch (err) {
    if (err instanceof ScenarioError) return { file, valid: false, problems: err.problems };
    if (!(err instanceof BadInputError)) throw err;
    return {
      file,
      valid: false,
      problems: [{ file, line: 0, column: 0, field: '', message: err.message }],
    };
  }
}
