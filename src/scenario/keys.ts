// Unknown fields, found by walking the data along the schema, with the closest valid name.
// zod's strict objects catch them too, but only this walk knows which names were allowed.
import type * as z from 'zod';
import type { FieldPath, PathProblem } from './problems.js';
import { closest } from './suggest.js';

type Def = z.core.$ZodTypeDef & Record<string, unknown>;
const WRAPPERS = new Set(['optional', 'default', 'prefault', 'nullable', 'readonly']);

function defOf(schema: z.core.$ZodType): Def {
  let def = schema._zod.def as Def;
  while (WRAPPERS.has(def.type)) def = (def.innerType as z.core.$ZodType)._zod.def as Def;
  return def;
}

/** Objects that take keys beyond their shape when the key matches a pattern (the SLOs named
 * after a step, `probe_<id>`), checked against their catchall schema. */
const keyPatterns = new WeakMap<object, RegExp>();

export function allowKeys<T extends z.core.$ZodType>(schema: T, pattern: RegExp): T {
  keyPatterns.set(schema._zod.def, pattern);
  return schema;
}

export function unknownFields(
  schema: z.core.$ZodType,
  data: unknown,
  path: FieldPath = [],
): PathProblem[] {
  const def = defOf(schema);
  if (def.type === 'array' && Array.isArray(data)) {
    return data.flatMap((item, i) =>
      unknownFields(def.element as z.core.$ZodType, item, [...path, i]),
    );
  }
  if (def.type === 'union' && !def.discriminator) {
    // Steps: faults (`fault:`) or rehearsal steps (`step:`); judge by the key present.
    const branch = (def.options as z.core.$ZodType[]).find((o) => {
      const d = defOf(o).discriminator as string | undefined;
      return d !== undefined && isRecord(data) && d in data;
    });
    if (branch) return unknownFields(branch, data, path);
    const nested = (def.options as z.core.$ZodType[]).flatMap(
      (o) => (defOf(o).options as z.core.$ZodType[] | undefined) ?? [],
    );
    const allKeys = [...new Set(nested.flatMap((o) => Object.keys(defOf(o).shape as object)))];
    if (!isRecord(data)) return [];
    return Object.keys(data)
      .filter((key) => !allKeys.includes(key))
      .map((key) => unknownField(key, allKeys, path));
  }
  if (def.type === 'union') return unknownInUnion(def, data, path);
  if (def.type !== 'object' || !isRecord(data)) return [];
  const shape = def.shape as Record<string, z.core.$ZodType>;
  const pattern = keyPatterns.get(def);
  return Object.entries(data).flatMap(([key, value]) =>
    // hasOwn, not `in`: `constructor:` or `__proto__:` in a file are unknown fields too.
    Object.hasOwn(shape, key)
      ? unknownFields(shape[key]!, value, [...path, key])
      : pattern?.test(key) && def.catchall
        ? unknownFields(def.catchall as z.core.$ZodType, value, [...path, key])
        : [unknownField(key, Object.keys(shape), path)],
  );
}

/** A step: judge its fields against its own fault kind, and say where a misplaced field belongs. */
function unknownInUnion(def: Def, data: unknown, path: FieldPath): PathProblem[] {
  const discriminator = def.discriminator as string | undefined;
  const options = (def.options as z.core.$ZodType[]).filter((o) => defOf(o).type === 'object');
  if (!discriminator || !isRecord(data) || options.length === 0) return [];
  const chosen = options.find((o) => literalOf(o, discriminator) === data[discriminator]);
  if (chosen)
    return unknownFields(chosen, data, path).map((p) => misplaced(p, options, discriminator));
  const allKeys = [...new Set(options.flatMap((o) => Object.keys(defOf(o).shape as object)))];
  return Object.keys(data)
    .filter((key) => !allKeys.includes(key))
    .map((key) => unknownField(key, allKeys, path));
}

/** `ms` on a partition step: say which fault kinds take it instead of guessing a name. */
function misplaced(
  problem: PathProblem,
  options: z.core.$ZodType[],
  discriminator: string,
): PathProblem {
  const key = problem.path.at(-1) as string;
  const owners = options
    .filter((o) => Object.hasOwn(defOf(o).shape as object, key))
    .map((o) => literalOf(o, discriminator));
  if (owners.length === 0 || problem.path.length === 0) return problem;
  return {
    ...problem,
    message: `\`${key}\` does not apply to this fault (it is a field of ${owners.join(', ')})`,
  };
}

function unknownField(key: string, allowed: string[], path: FieldPath): PathProblem {
  const guess = closest(key, allowed);
  const hint = guess ? `did you mean \`${guess}\`?` : `expected one of ${allowed.join(', ')}`;
  return { path: [...path, key], message: `unknown field \`${key}\` (${hint})`, at: 'key' };
}

function literalOf(option: z.core.$ZodType, discriminator: string): unknown {
  const field = (defOf(option).shape as Record<string, z.core.$ZodType>)[discriminator];
  return field ? (defOf(field).values as unknown[] | undefined)?.[0] : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
