// What the schema cannot say about rehearsal steps and abort conditions: one of two fields,
// references to other steps, known placeholders, and every step ending within `duration`.
import { formatMs } from './duration.js';
import { placeholderNames, placeholdersIn } from './placeholders.js';
import type { FieldPath, PathProblem } from './problems.js';
import type { RehearsalStepFile } from './rehearsal-schema.js';
import { stepSpanMs, type RehearsalStep } from './rehearsal-types.js';
import type { ScenarioFile } from './schema.js';
import { didYouMean } from './suggest.js';
import type { Scenario } from './types.js';

/** `rehearsal[j]` is the file's `steps[fileIndex[j]]`. */
export function checkRehearsal(
  file: ScenarioFile,
  s: Scenario,
  fileIndex: number[],
): PathProblem[] {
  const ids = (kind: RehearsalStep['step']) =>
    s.rehearsal.filter((r) => r.step === kind).map((r) => r.id);
  const probes = ids('probe');
  const known = placeholderNames(s.topology.regions);
  return [
    ...s.rehearsal.flatMap((step, j) => {
      const i = fileIndex[j]!;
      const raw = file.steps[i] as RehearsalStepFile;
      const at = (...rest: (string | number)[]): FieldPath => ['steps', i, ...rest];
      return [...fields(raw, at, probes), ...placeholders(step, known, at), ...timing(s, step, at)];
    }),
    ...(file.abort ?? []).flatMap((condition, i) => abortProblems(condition, i, probes)),
  ];
}

function fields(
  raw: RehearsalStepFile,
  at: (...rest: (string | number)[]) => FieldPath,
  probes: string[],
): PathProblem[] {
  const problems: PathProblem[] = [];
  if (raw.step === 'probe') {
    if ((raw.url === undefined) === (raw.command === undefined))
      problems.push({ path: at(), message: 'give `url` or `command`, exactly one' });
    if ((raw.every === undefined) !== (raw.for === undefined))
      problems.push({
        path: at(raw.every === undefined ? 'for' : 'every'),
        message: '`every` and `for` go together: probe every 500ms for 20s',
      });
    if (raw.equals !== undefined && raw.jsonPath === undefined)
      problems.push({ path: at('equals'), message: '`equals` needs `jsonPath`' });
    if (raw.match !== undefined && !compiles(raw.match))
      problems.push({ path: at('match'), message: `not a regular expression: ${raw.match}` });
  }
  if (raw.step === 'wait') {
    const given = [raw.probe, raw.availability, raw.converged].filter((x) => x !== undefined);
    if (given.length !== 1)
      problems.push({
        path: at(),
        message: 'wait for exactly one of `probe: ID`, `availability: ">= 99%"`, `converged: true`',
      });
    if (raw.probe !== undefined && !probes.includes(raw.probe))
      problems.push({ path: at('probe'), message: unknownProbe(raw.probe, probes) });
    if (raw.availability !== undefined && !/^\s*>=?/.test(raw.availability))
      problems.push({
        path: at('availability'),
        message: `wait until availability is at least a target: '>= 99%', got ${raw.availability}`,
      });
    if (raw.availability !== undefined && !raw.availability.includes('%'))
      problems.push({ path: at('availability'), message: "a percentage: '>= 99%'" });
  }
  return problems;
}

function abortProblems(
  condition: NonNullable<ScenarioFile['abort']>[number],
  i: number,
  probes: string[],
): PathProblem[] {
  const path: FieldPath = ['abort', i];
  if ((condition.availability === undefined) === (condition.probe === undefined))
    return [
      { path, message: "give `availability: '< 50%'` (with `for`) or `probe: ID`, exactly one" },
    ];
  if (condition.probe !== undefined && !probes.includes(condition.probe))
    return [{ path: [...path, 'probe'], message: unknownProbe(condition.probe, probes) }];
  const a = condition.availability;
  if (a !== undefined && (!/^\s*<=?[^>=]/.test(a) || !a.includes('%')))
    return [
      {
        path: [...path, 'availability'],
        message: `abort when availability is below a percentage: '< 50%', got ${a}`,
      },
    ];
  return [];
}

function unknownProbe(id: string, probes: string[]): string {
  const list = probes.length > 0 ? probes.join(', ') : 'none';
  return `no probe step \`${id}\`${didYouMean(id, probes)}; probe steps: ${list}`;
}

function placeholders(
  step: RehearsalStep,
  known: string[],
  at: (...rest: (string | number)[]) => FieldPath,
): PathProblem[] {
  const texts: [FieldPath, string][] = [];
  if (step.step === 'action')
    texts.push(...step.command.map((a): [FieldPath, string] => [at('command'), a]));
  if (step.step === 'probe') {
    if (step.url !== undefined) texts.push([at('url'), step.url]);
    for (const a of step.command ?? []) texts.push([at('command'), a]);
  }
  return texts.flatMap(([path, text]) =>
    placeholdersIn(text)
      .filter((name) => !known.includes(name))
      .map((name) => ({
        path,
        message: `unknown placeholder \${${name}}${didYouMean(name, known)}; known: ${known.join(', ')}`,
      })),
  );
}

function timing(
  s: Scenario,
  step: RehearsalStep,
  at: (...rest: (string | number)[]) => FieldPath,
): PathProblem[] {
  if (step.atMs >= s.durationMs)
    return [
      {
        path: at('at'),
        message: `starts at ${formatMs(step.atMs)}, not before the scenario's duration (${formatMs(s.durationMs)}) ends`,
      },
    ];
  const end = step.atMs + stepSpanMs(step);
  if (end <= s.durationMs) return [];
  const field = step.step === 'probe' && step.everyMs > 0 ? 'for' : 'timeout';
  return [
    {
      path: at(field),
      message: `ends at ${formatMs(end)}, after the scenario's duration (${formatMs(s.durationMs)}); shorten ${field} or raise duration`,
    },
  ];
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}
