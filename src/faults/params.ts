// Reading a fault's params: each message names the fault, the param, the value and what is valid.
import { BadInputError } from '../errors.js';
import type { TopologyState } from '../topology/driver.js';
import type { FaultSpec } from './types.js';

export function enumParam<T extends string>(
  spec: FaultSpec,
  name: string,
  valid: readonly T[],
  fallback: T,
): T {
  const value = spec.params[name] ?? fallback;
  if (typeof value === 'string' && (valid as readonly string[]).includes(value)) return value as T;
  throw new BadInputError(
    `${spec.fault} ${name} "${String(value)}" is not valid`,
    `use one of: ${valid.join(', ')}`,
  );
}

export function numberParam(
  spec: FaultSpec,
  name: string,
  range: { min: number; max?: number; fallback?: number },
): number {
  const raw = spec.params[name] ?? range.fallback;
  if (raw === undefined) {
    throw new BadInputError(`${spec.fault} needs ${name}`, `give ${name}, e.g. --${name} 100`);
  }
  const value = typeof raw === 'string' ? Number(raw) : raw;
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < range.min || value > max) {
    const bounds =
      range.max === undefined
        ? `a number >= ${range.min}`
        : `a number from ${range.min} to ${range.max}`;
    throw new BadInputError(
      `${spec.fault} ${name} "${String(raw)}" is not valid`,
      `give ${name} as ${bounds}`,
    );
  }
  return value;
}

export function booleanParam(spec: FaultSpec, name: string): boolean {
  const value = spec.params[name] ?? false;
  if (typeof value === 'boolean') return value;
  throw new BadInputError(
    `${spec.fault} ${name} "${String(value)}" is not valid`,
    `give ${name} as true or false`,
  );
}

/** Exactly `count` distinct regions of this topology. */
export function checkRegions(spec: FaultSpec, state: TopologyState, count: number): void {
  const known = Object.keys(state.regions);
  for (const region of spec.regions) {
    if (!known.includes(region)) {
      throw new BadInputError(
        `unknown region "${region}"`,
        `regions in this topology: ${known.join(', ')}`,
      );
    }
  }
  const distinct = new Set(spec.regions).size;
  if (spec.regions.length !== count || distinct !== count) {
    const shape = count === 1 ? 'one region, e.g. eu' : 'two different regions, e.g. us eu';
    throw new BadInputError(
      `${spec.fault} takes ${shape}; got "${spec.regions.join(' ')}"`,
      `regions: ${known.join(', ')}`,
    );
  }
}
