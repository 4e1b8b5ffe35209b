// Reads a run directory (DESIGN.md section 6) into the data the checks need.
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { BadInputError } from '../errors.js';
import type { FinalState, RunEvent } from '../model.js';
import { forEachJsonLine, readJsonLines } from './lines.js';
import { OpBuilder, type Op } from './ops.js';
import { toFinalState, toHistoryEvent, toRunEvent } from './validate.js';

/** Everything a run directory says, ready for the checks. */
export interface RunData {
  ops: Op[];
  events: RunEvent[];
  /** null when final.json is absent: lost-write and divergence checks cannot be judged. */
  final: (FinalState & { initial?: Record<string, unknown> }) | null;
  /** The parsed scenario.yaml, or null when absent. */
  scenario: Record<string, unknown> | null;
}

export async function readRunDir(dir: string): Promise<RunData> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new BadInputError(`run directory ${dir} does not exist`, 'pass the folder a run wrote');
  }
  const historyPath = join(dir, 'history.jsonl');
  if (!existsSync(historyPath)) {
    throw new BadInputError(
      `${historyPath} is missing`,
      'a run directory holds history.jsonl, events.jsonl and final.json (DESIGN.md section 6)',
    );
  }
  return {
    ops: await readOps(historyPath),
    events: await readEvents(join(dir, 'events.jsonl')),
    final: await readFinal(join(dir, 'final.json')),
    scenario: await readYamlFile(join(dir, 'scenario.yaml')),
  };
}

async function readOps(path: string): Promise<Op[]> {
  const builder = new OpBuilder((line) => `${basename(path)}:${line}`);
  await forEachJsonLine(path, (value, line) => {
    builder.add(
      toHistoryEvent(value, () => `${basename(path)}:${line}`),
      line,
    );
  });
  return builder.finish();
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
  if (!existsSync(path)) return null;
  let doc: unknown;
  try {
    doc = parseYaml(await readFile(path, 'utf8'));
  } catch (err) {
    throw new BadInputError(`${path}: not valid YAML (${(err as Error).message})`);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new BadInputError(`${path}: expected a YAML mapping at the top level`);
  }
  return doc as Record<string, unknown>;
}
