// Reads a scenario: YAML -> unknown fields -> schema -> normalized Scenario -> semantic checks.
// Every problem found on the way is reported at once, with file:line:column.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { BadInputError } from '../errors.js';
import { fromIssues, issueMessage } from './issues.js';
import { unknownFields } from './keys.js';
import { normalize } from './normalize.js';
import { locate, ScenarioError, type PathProblem } from './problems.js';
import { scenarioSchema } from './schema.js';
import { checkSemantics } from './semantics.js';
import type { Scenario } from './types.js';

export async function loadScenario(file: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const reason =
      (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new BadInputError(
      `cannot read scenario ${file}: ${reason}`,
      'give the path of a scenario YAML file; `gameday scenarios` lists the shipped ones',
    );
  }
  return parseScenario(text, file);
}

/** Parses and checks a scenario's text; throws ScenarioError listing every problem. */
export function parseScenario(text: string, file: string): Scenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => {
      const { line, col } = lineCounter.linePos(e.pos[0]);
      return {
        file,
        line,
        column: col,
        field: '',
        message: `YAML syntax: ${firstLine(e.message)}`,
      };
    });
    throw new ScenarioError(file, problems);
  }
  const data: unknown = doc.toJS() ?? {};
  const found = validate(data, dirname(resolve(file)));
  if (found.problems.length > 0)
    throw new ScenarioError(file, locate(file, doc, lineCounter, found.problems));
  return found.scenario!;
}

function validate(data: unknown, dir: string): { problems: PathProblem[]; scenario?: Scenario } {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return {
      problems: [
        { path: [], message: 'expected a mapping of fields (name:, duration:, steps: ...)' },
      ],
    };
  }
  const unknown = unknownFields(scenarioSchema, data);
  const parsed = scenarioSchema.safeParse(data, { error: issueMessage });
  if (!parsed.success) return { problems: [...unknown, ...fromIssues(parsed.error.issues, data)] };
  const scenario = normalize(parsed.data, dir);
  return { problems: [...unknown, ...checkSemantics(parsed.data, scenario)], scenario };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
