// Reads a run directory (DESIGN.md section 6) into the data the checks need.
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { BadInputError } from '../errors.js';
import { formatProblem, locate, type FieldPath } from '../scenario/problems.js';
import type { FinalState, RunEvent, StoreCounters } from '../model.js';
import { readStoreCounters, STORE_COUNTERS_FILE } from './counters.js';
import { readJsonLines } from './lines.js';
import { readOps, type ReadOptions } from './read-ops.js';
import type { OpTable } from './table.js';
import { toFinalState, toRunEvent } from './validate.js';

/** Everything a run directory says, ready for the checks. */
export interface RunData {
  /** The operations in columns (./table.ts): a 10M-op history fits in memory. */
  ops: OpTable;
  events: RunEvent[];
  /** null when final.json is absent: lost-write and divergence checks cannot be judged. */
  final: (FinalState & { initial?: Record<string, unknown> }) | null;
  /** The parsed scenario.yaml, or null when absent. */
  scenario: Record<string, unknown> | null;
  /** Where a field of scenario.yaml sits (file:line:column: field), when the file exists. */
  scenarioWhere?: (path: FieldPath) => string;
  /** store-counters.json, or null when absent. */
  storeCounters: StoreCounters | null;
}

/** `opts.workers`: threads parsing history.jsonl (./read-ops.ts). */
export async function readRunDir(dir: string, opts: ReadOptions = {}): Promise<RunData> {
  const files = await readRunFiles(dir);
  return { ...files, ops: await readOps(files.historyPath, opts) };
}

/** Everything but the operations, and where history.jsonl is (read after: the events tell
 * the clock its times are shifted to). */
export async function readRunFiles(
  dir: string,
): Promise<Omit<RunData, 'ops'> & { historyPath: string }> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new BadInputError(`run directory ${dir} does not exist`, 'pass the folder a run wrote');
  }
  const historyPath = join(dir, 'history.jsonl');
  if (!existsSync(historyPath)) {
    throw new BadInputError(
      `${historyPath} is missing`,
      'a run directory holds history.jsonl, events.jsonl and final.json (see docs/checks.md)',
    );
  }
  const scenario = await readYamlDoc(join(dir, 'scenario.yaml'));
  return {
    historyPath,
    events: await readEvents(join(dir, 'events.jsonl')),
    final: await readFinal(join(dir, 'final.json')),
    scenario: scenario?.data ?? null,
    ...(scenario && { scenarioWhere: scenario.where }),
    storeCounters: await readStoreCounters(join(dir, STORE_COUNTERS_FILE)),
  };
}

async function readEvents(path: string): Promise<RunEvent[]> {
  if (!existsSync(path)) return [];
  const events: RunEvent[] = [];
  for await (const { where, value } of readJsonLines(path)) events.push(toRunEvent(value, where));
  return events.sort((a, b) => a.time - b.time);
}

async function readFinal(path: string): Promise<RunData['final']> {
  if (!existsSync(path)) return null;
  const text = await readFile(path, 'utf8');
  try {
    return toFinalState(JSON.parse(text), 'final.json');
  } catch (err) {
    if (err instanceof BadInputError) throw err;
    throw new BadInputError(`final.json: not valid JSON (${(err as Error).message})`);
  }
}

/** Parses a YAML file (scenario or SLO file); null when absent. */
export async function readYamlFile(path: string): Promise<Record<string, unknown> | null> {
  return (await readYamlDoc(path))?.data ?? null;
}

/** A YAML mapping and where each field of it sits in its file. */
export interface YamlDoc {
  data: Record<string, unknown>;
  /** `file:line:column: slo.availability` for a field path (the nearest existing node). */
  where(path: FieldPath): string;
}

export async function readYamlDoc(path: string): Promise<YamlDoc | null> {
  if (!existsSync(path)) return null;
  const lines = new LineCounter();
  const doc = parseDocument(await readFile(path, 'utf8'), { lineCounter: lines });
  if (doc.errors.length > 0) {
    throw new BadInputError(`${path}: not valid YAML (${doc.errors[0]!.message})`);
  }
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (err) {
    throw new BadInputError(`${path}: not valid YAML (${(err as Error).message})`);
  }
  const where = (field: FieldPath) =>
    formatProblem({ ...locate(path, doc, lines, [{ path: field, message: '' }])[0]! }).replace(
      /: $/,
      '',
    );
  if (data === null || data === undefined) return { data: {}, where };
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new BadInputError(`${path}: expected a YAML mapping at the top level`);
  }
  return { data: data as Record<string, unknown>, where };
}
