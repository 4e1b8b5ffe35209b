// Reads a scenario: YAML -> unknown fields -> schema -> normalized Scenario -> semantic checks.
// Every problem found on the way is reported at once, with file:line:column.
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument, visit, type Document } from 'yaml';
import { BadInputError } from '../errors.js';
import { loadAdapter } from '../targets/user-adapter.js';
import { LIMITS } from './limits.js';
import { fromIssues, issueMessage } from './issues.js';
import { unknownFields } from './keys.js';
import { normalize } from './normalize.js';
import { locate, ScenarioError, type PathProblem, type Problem } from './problems.js';
import { readScenarioText } from './read.js';
import { scenarioSchema } from './schema.js';
import { checkSemantics } from './semantics.js';
import type { ParseOptions, Scenario } from './types.js';

/** The YAML library's own bound on alias expansion, stated here so a test can rely on it. */
const MAX_ALIAS_COUNT = 100;

export async function loadScenario(file: string, opts: ParseOptions = {}): Promise<Scenario> {
  const text = await readScenarioText(file);
  const scenario = parseScenario(text, file, opts);
  await checkAdapter(scenario, text, file);
  return scenario;
}

/** A user's adapter module is imported now, before anything starts: one that fails to load or
 * lacks a function of the interface is a problem located at topology.store.adapter. */
async function checkAdapter(scenario: Scenario, text: string, file: string): Promise<void> {
  const store = scenario.topology.store;
  if ((store.kind !== 'command' && store.kind !== 'adapter') || store.adapter === undefined) return;
  try {
    await loadAdapter(store.adapter);
  } catch (err) {
    if (!(err instanceof BadInputError)) throw err;
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter });
    const message = `${err.message}; ${err.hint ?? ''}`;
    const path = ['topology', 'store', 'adapter'];
    throw new ScenarioError(file, locate(file, doc, lineCounter, [{ path, message }]));
  }
}

/** Parses and checks a scenario's text; throws ScenarioError listing every problem. */
export function parseScenario(text: string, file: string, opts: ParseOptions = {}): Scenario {
  if (text.length > LIMITS.fileBytes) {
    const message = `larger than ${LIMITS.fileBytes / 1024 / 1024} MiB (a scenario is a few kB)`;
    throw new ScenarioError(file, [{ file, line: 1, column: 1, field: '', message }]);
  }
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
    throw new ScenarioError(file, capped(problems));
  }
  const data = toData(doc, file, lineCounter);
  const found = validate(data, dirname(resolve(file)), opts);
  if (found.problems.length > 0)
    throw new ScenarioError(file, capped(locate(file, doc, lineCounter, found.problems)));
  return found.scenario!;
}

/** The document as plain data; aliases that expand past the YAML library's bound (a "billion
 * laughs" file) are a problem located at the first alias, not a crash. */
function toData(doc: Document, file: string, lines: LineCounter): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
  } catch (err) {
    if (!(err instanceof ReferenceError || err instanceof RangeError)) throw err;
    let offset = 0;
    visit(doc, {
      Alias(_, node) {
        offset = node.range?.[0] ?? 0;
        return visit.BREAK;
      },
    });
    const { line, col } = lines.linePos(offset);
    const message = 'YAML aliases expand too far (each alias may be used a few times at most)';
    throw new ScenarioError(file, [{ file, line, column: col, field: '', message }]);
  }
}

/** Every problem up to the limit, then one line counting the rest. */
function capped(problems: Problem[]): Problem[] {
  if (problems.length <= LIMITS.problems) return problems;
  const rest = problems.length - LIMITS.problems;
  const last = problems[LIMITS.problems - 1]!;
  return [...problems.slice(0, LIMITS.problems), { ...last, message: `... and ${rest} more` }];
}

function validate(
  data: unknown,
  dir: string,
  opts: ParseOptions,
): { problems: PathProblem[]; scenario?: Scenario } {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return {
      problems: [
        { path: [], message: 'expected a mapping of fields (name:, duration:, steps: ...)' },
      ],
    };
  }
  const early = beforeSchema(data as Record<string, unknown>);
  if (early.length > 0) return { problems: early };
  const unknown = unknownFields(scenarioSchema, data);
  const parsed = scenarioSchema.safeParse(data, { error: issueMessage });
  if (!parsed.success) return { problems: [...unknown, ...fromIssues(parsed.error.issues, data)] };
  const scenario = normalize(parsed.data, dir);
  return { problems: [...unknown, ...checkSemantics(parsed.data, scenario, opts)], scenario };
}

/** Checks cheap enough to run before the schema: a file none of whose fields is a scenario's
 * (listing its keys would quote a file that is not ours, such as /etc/shadow), and a step list
 * too long to check one by one. */
function beforeSchema(data: Record<string, unknown>): PathProblem[] {
  const fields = Object.keys(scenarioSchema.shape);
  const keys = Object.keys(data);
  if (keys.length > 0 && !keys.some((key) => fields.includes(key))) {
    return [
      {
        path: [],
        message: `not a gameday scenario: it has none of the fields ${fields.join(', ')}`,
      },
    ];
  }
  const steps = data.steps;
  if (Array.isArray(steps) && steps.length > LIMITS.steps) {
    return [
      {
        path: ['steps'],
        at: 'key',
        message: `${steps.length} steps, more than the limit of ${LIMITS.steps}`,
      },
    ];
  }
  return [];
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
