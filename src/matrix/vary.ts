// `--vary PATH=V1,V2`: one scenario field and the values to try, checked against the scenario
// schema before anything starts (a field that does not exist, or a value its enum does not
// allow, is exit 2 naming what is allowed), and the grid of every combination.
import { parse as parseYaml } from 'yaml';
import type * as z from 'zod';
import { BadInputError } from '../errors.js';
import { scenarioSchema } from '../scenario/schema.js';
import { closest } from '../scenario/suggest.js';

export interface Vary {
  /** `topology.store.writes` as segments; array indexes as numbers (`steps.0.duration`). */
  path: (string | number)[];
  text: string;
  values: unknown[];
}

/** One cell of the grid: a value for every varied field, and its short name. */
export interface Variant {
  label: string;
  settings: { path: (string | number)[]; text: string; value: unknown }[];
}

type Def = z.core.$ZodTypeDef & Record<string, unknown>;
const WRAPPERS = new Set(['optional', 'default', 'prefault', 'nullable', 'readonly']);
const HINT = 'e.g. --vary topology.store.writes=async,sync';

export function parseVary(spec: string): Vary {
  const eq = spec.indexOf('=');
  const text = eq < 0 ? spec : spec.slice(0, eq);
  if (eq < 0 || text === '' || spec.slice(eq + 1).trim() === '') {
    throw new BadInputError(`--vary "${spec}" is not PATH=VALUE,VALUE`, HINT);
  }
  const path = text.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  const values = spec
    .slice(eq + 1)
    .split(',')
    .map((v) => parseYaml(v.trim()) as unknown);
  checkField(path, text, values);
  if (new Set(values.map((v) => JSON.stringify(v))).size !== values.length) {
    throw new BadInputError(`--vary ${text}: a value is given twice`, HINT);
  }
  return { path, text, values };
}

/** Every combination, the first --vary varying slowest. */
export function grid(varies: Vary[]): Variant[] {
  if (new Set(varies.map((v) => v.text)).size !== varies.length) {
    throw new BadInputError('--vary names the same field twice', 'give each field once');
  }
  let cells: Variant['settings'][] = [[]];
  for (const vary of varies) {
    cells = cells.flatMap((cell) =>
      vary.values.map((value) => [...cell, { path: vary.path, text: vary.text, value }]),
    );
  }
  const short = (text: string) => {
    const last = text.split('.').at(-1) as string;
    return varies.filter((v) => v.text.split('.').at(-1) === last).length > 1 ? text : last;
  };
  return cells.map((settings) => ({
    label: settings.map((s) => `${short(s.text)}=${String(s.value)}`).join(' '),
    settings,
  }));
}

/** The field must exist in the schema; an enum or boolean field's values must be allowed. */
function checkField(path: (string | number)[], text: string, values: unknown[]): void {
  let schema = scenarioSchema as unknown as z.core.$ZodType;
  for (const [i, part] of path.entries()) {
    const def = defOf(schema);
    const at = path.slice(0, i).join('.') || 'the scenario';
    if (def.type === 'union' || def.type === 'record') return; // judged by the loader
    if (def.type === 'array' && typeof part === 'number') {
      schema = def.element as z.core.$ZodType;
      continue;
    }
    const shape = def.type === 'object' ? (def.shape as Record<string, z.core.$ZodType>) : {};
    if (typeof part !== 'string' || !Object.hasOwn(shape, part)) {
      const names = Object.keys(shape);
      const guess = closest(String(part), names);
      throw new BadInputError(
        `--vary ${text}: ${at} has no field \`${String(part)}\``,
        names.length === 0
          ? `${at} is a single value`
          : guess
            ? `did you mean ${[...path.slice(0, i), guess].join('.')}?`
            : `fields of ${at}: ${names.join(', ')}`,
      );
    }
    schema = shape[part]!;
  }
  const allowed = allowedValues(defOf(schema));
  const bad = allowed && values.find((v) => !allowed.includes(v));
  if (allowed && bad !== undefined) {
    throw new BadInputError(
      `--vary ${text}: ${JSON.stringify(bad)} is not an allowed value`,
      `${text} takes ${allowed.map(String).join(', ')}`,
    );
  }
}

function allowedValues(def: Def): unknown[] | undefined {
  if (def.type === 'enum') return Object.values(def.entries as Record<string, unknown>);
  if (def.type === 'boolean') return [true, false];
  return undefined;
}

function defOf(schema: z.core.$ZodType): Def {
  let def = schema._zod.def as Def;
  while (WRAPPERS.has(def.type)) def = (def.innerType as z.core.$ZodType)._zod.def as Def;
  return def;
}
