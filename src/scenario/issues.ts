// zod's findings, in words a person fixing a YAML file can act on: expected vs got, and a guess.
import type * as z from 'zod';
import type { FieldPath, PathProblem } from './problems.js';
import { didYouMean } from './suggest.js';

/** Per-parse messages for zod's generic checks; messages set in the schema take precedence. */
export const issueMessage: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'invalid_type') {
    return issue.input === undefined
      ? 'missing required field'
      : `expected ${article(issue.expected)}`;
  }
  if (issue.code === 'invalid_value')
    return `expected one of ${issue.values.map(String).join(', ')}`;
  if (issue.code === 'too_small') return bound('at least', 'greater than', issue.minimum, issue);
  if (issue.code === 'too_big') return bound('at most', 'less than', issue.maximum, issue);
  return undefined;
};

function bound(
  inclusive: string,
  exclusive: string,
  limit: unknown,
  issue: { inclusive?: boolean; origin: string },
) {
  const items = issue.origin === 'array' ? ' items' : '';
  return `expected ${issue.inclusive === false ? exclusive : inclusive} ${String(limit)}${items}`;
}

function article(expected: string): string {
  if (expected === 'int') return 'an integer';
  if (expected === 'object') return 'a mapping (key: value lines)';
  if (expected === 'array') return 'a list';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

/** One problem per zod issue; unknown fields are left to ./keys.ts, which knows the valid names. */
export function fromIssues(issues: z.core.$ZodIssue[], data: unknown): PathProblem[] {
  return issues
    .filter((issue) => issue.code !== 'unrecognized_keys')
    .flatMap((issue) => chooseBranch(issue, data))
    .map((issue) => fromIssue(issue, data));
}

type Issue = z.core.$ZodIssue & { note?: string; discriminator?: string; options?: unknown[] };

/** A step is a fault (`fault:`) or a rehearsal step (`step:`): of the two unions it may belong
 * to, judge it by the one whose key it has (both keys missing: say so, naming both). */
function chooseBranch(issue: z.core.$ZodIssue, data: unknown): z.core.$ZodIssue[] {
  if (issue.code !== 'invalid_union' || (issue as Issue).discriminator) return [issue];
  const noKind = (errors: Issue[]) =>
    errors.length === 1 && errors[0]!.note === 'No matching discriminator';
  const branches = issue.errors as Issue[][];
  if (branches.length < 2 || !branches.every((b) => noKind(b) || !b.some((e) => e.note)))
    return [issue];
  if (!branches.some(noKind)) return [issue];
  const value = valueAt(data, issue.path as FieldPath);
  const chosen = branches.find(
    (b) => !noKind(b) || valueAt(value, b[0]!.path as FieldPath) !== undefined,
  );
  if (!chosen) {
    const [first, ...others] = branches.map((b) => b[0]!);
    const rest = others.map(
      (o) => ` (or \`${String(o.discriminator)}:\` ${(o.options ?? []).join(', ')})`,
    );
    const message = `missing required field; one of ${(first!.options ?? []).join(', ')}${rest.join('')}`;
    const at = [...issue.path, String(first!.discriminator)];
    return [{ ...issue, code: 'custom', path: at, message, input: undefined } as z.core.$ZodIssue];
  }
  return chosen.map((e) => ({ ...e, path: [...issue.path, ...e.path] }) as z.core.$ZodIssue);
}

function fromIssue(issue: z.core.$ZodIssue, data: unknown): PathProblem {
  const path = issue.path as FieldPath;
  const value = valueAt(data, path);
  if (issue.code === 'invalid_union') return unionProblem(issue, path, value);
  if (value === undefined && issue.code === 'invalid_type')
    return { path, message: 'missing required field' };
  let message = issue.message;
  if (value !== undefined) message += `, got ${show(value)}`;
  if (issue.code === 'invalid_value' && typeof value === 'string') {
    message += didYouMean(value, issue.values.map(String));
  }
  return { path, message };
}

/** A step with an unknown or missing `fault`, or a value that fits none of a field's forms. */
function unionProblem(
  issue: z.core.$ZodIssueInvalidUnion,
  path: FieldPath,
  value: unknown,
): PathProblem {
  const { options, discriminator } = issue as { options?: unknown[]; discriminator?: string };
  if (discriminator && options) {
    const names = options.map(String);
    if (value === undefined)
      return { path, message: `missing required field; one of ${names.join(', ')}` };
    const guess = typeof value === 'string' ? didYouMean(value, names) : '';
    return {
      path,
      message: `unknown ${discriminator} ${show(value)}${guess}; expected one of ${names.join(', ')}`,
    };
  }
  if (value === undefined) return { path, message: 'missing required field' };
  // A form the value has (a list) with one part wrong (an item): name that part, not the
  // first form's complaint about the whole (`command: [true]` is item 0 not being a string).
  const inner = issue.errors.find((errs) => errs.length > 0 && errs.every((e) => e.path.length));
  if (inner) {
    const at = inner[0]!.path as FieldPath;
    return {
      path: [...path, ...at],
      message: `${inner[0]!.message}, got ${show(valueAt(value, at))}`,
    };
  }
  const first = issue.errors.flat()[0]?.message ?? 'no accepted form matches';
  return { path, message: `${first}, got ${show(value)}` };
}

export function valueAt(data: unknown, path: FieldPath): unknown {
  let current = data;
  for (const part of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[part];
  }
  return current;
}

export function show(value: unknown): string {
  if (value === null) return 'null (an empty value)';
  if (typeof value === 'object') return Array.isArray(value) ? 'a list' : 'a mapping';
  return JSON.stringify(value);
}
