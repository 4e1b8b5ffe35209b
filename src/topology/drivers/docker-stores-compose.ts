// The compose file the docker driver runs Redis with Sentinel or Galera from. Every value a
// run decides (its ports, its .gameday directory, its project) is a ${GAMEDAY_*} variable
// that gameday sets when it runs the file, so the file of a store section is the same on
// every run: compose/redis-sentinel.yml and compose/galera.yml are this file for the default
// store sections (npm run gen), and `--compose FILE` runs a copy after checking that it
// starts the very processes the scenario's store section asks for.
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { LineCounter, parseDocument, stringify } from 'yaml';
import { BadInputError } from '../../errors.js';

export interface StoresService {
  image: string;
  network_mode: 'host';
  labels: Record<string, string>;
  restart: 'no';
  entrypoint?: string[];
  command?: string[];
  environment?: Record<string, string>;
  volumes: string[];
}
export type StoresServices = Record<string, StoresService>;

/** The file's text. YAML 1.1 quoting: Compose v1 (PyYAML) reads a bare `no` as false. */
export function composeText(services: StoresServices): string {
  return stringify(
    { version: '3.8', services },
    { version: '1.1', lineWidth: 0, blockQuote: 'literal' },
  );
}

/** Compose substitutes ${...} in every string: a shell script's `$1` must reach it as is. */
export function literal(text: string): string {
  return text.replaceAll('$', '$$$$');
}

/** The image reference the file names: the official image unless the variable is set. */
export function imageRef(variable: string, official: string): string {
  return `\${${variable}:-${official}}`;
}

/** `us_to_eu` → GAMEDAY_PORT_US_TO_EU. */
export function portVariable(name: string): string {
  return `GAMEDAY_PORT_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * The services with each run-specific value replaced by its variable: `dirs` (variable →
 * absolute path) first, then `ports` (variable → port number, matched as a whole number).
 */
export function templated(
  services: StoresServices,
  dirs: Record<string, string>,
  ports: Record<string, number>,
): StoresServices {
  const rules: [RegExp, string][] = [
    ...Object.entries(dirs).map(([v, dir]): [RegExp, string] => [exact(dir), `\${${v}}`]),
    ...Object.entries(ports).map(([v, port]): [RegExp, string] => [
      new RegExp(`(?<![\\w.])${port}(?!\\w)`, 'g'),
      `\${${v}}`,
    ]),
  ];
  const swap = (text: string) => rules.reduce((t, [from, to]) => t.replace(from, to), text);
  return JSON.parse(JSON.stringify(services), (_key, value: unknown) =>
    typeof value === 'string' ? swap(value) : value,
  ) as StoresServices;
}

function exact(text: string): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g');
}

/** What must be as generated in a user's copy; anything else (image, resources) is theirs. */
const FIXED = ['entrypoint', 'command', 'environment', 'network_mode', 'labels'] as const;

/**
 * A user's copy of the stores' compose file runs only if every service of `template` is in it
 * starting the same process the same way (FIXED) with at least its volumes: else exit 2.
 */
export function checkStoresFile(file: string, template: StoresServices, fix: string): void {
  const lines = new LineCounter();
  const doc = parseDocument(readText(file), { lineCounter: lines });
  const services = (doc.toJS() as { services?: Record<string, Partial<StoresService>> } | null)
    ?.services;
  const at = (path: (string | number)[]) => {
    const node = doc.getIn(path, true) as { range?: [number] } | undefined;
    const pos = node?.range ? lines.linePos(node.range[0]) : undefined;
    return pos ? `${file}:${pos.line}` : file;
  };
  for (const [name, want] of Object.entries(template)) {
    const have = services?.[name];
    if (!have) {
      throw new BadInputError(
        `${at(['services'])}: services.${name} is missing (topology.store runs it)`,
        fix,
      );
    }
    for (const key of FIXED) {
      if (isDeepStrictEqual(have[key], want[key])) continue;
      const d = difference(have[key], want[key]);
      const field = `services.${name}.${key}${d.index === undefined ? '' : `[${d.index}]`}`;
      throw new BadInputError(
        `${at(['services', name, key, ...(d.index === undefined ? [] : [d.index])])}: ${field} is ${show(d.have)} where topology.store runs ${show(d.want)}`,
        fix,
      );
    }
    const missing = want.volumes.find((v) => !(have.volumes ?? []).includes(v));
    if (missing) {
      throw new BadInputError(
        `${at(['services', name, 'volumes'])}: services.${name}.volumes lacks ${missing}`,
        fix,
      );
    }
  }
}

/** Where two lists first differ (the whole values when either is not a list). */
function difference(
  have: unknown,
  want: unknown,
): { index?: number; have: unknown; want: unknown } {
  if (!Array.isArray(have) || !Array.isArray(want)) return { have, want };
  const index = want.findIndex((w, i) => !isDeepStrictEqual(have[i], w));
  const i = index < 0 ? want.length : index;
  return { index: i, have: have[i], want: want[i] };
}

function show(value: unknown): string {
  return value === undefined ? 'missing' : JSON.stringify(value);
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new BadInputError(
      `cannot read the compose file ${file}: ${(err as Error).message}`,
      'check --compose FILE',
    );
  }
}
