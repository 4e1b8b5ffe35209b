// Hostile run directories: `gameday check` on truncated, retyped, reordered or missing files
// either judges the run or throws a BadInputError (exit 2) naming the file (and line) at fault.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { checkRunDir } from '../../src/checks/index.js';
import { BadInputError } from '../../src/errors.js';
import { MAX_LINE_CHARS } from '../../src/history/lines.js';
import { validRun, type RunFiles } from './run-files.js';

/** A bound on each property's wall time, not a speed goal: these run on a loaded machine. */
const FUZZ_TIMEOUT_MS = 60_000;

const scratch = mkdtempSync(join(tmpdir(), 'gameday-fuzz-run-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let dirs = 0;

function writeRun(files: RunFiles): string {
  const dir = join(scratch, String(dirs++));
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) {
    if (text !== undefined) writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** Line-level problems start with file:line; whole-file ones (a missing final.json that an SLO
 * needs, a bad final.json) name the file somewhere in the message. */
const FILE_AT_FAULT =
  /^(history\.jsonl:\d+|events\.jsonl:\d+)|final\.json|scenario\.yaml|history\.jsonl is missing/;

async function assertCleanOutcome(files: RunFiles): Promise<void> {
  const dir = writeRun(files);
  try {
    await checkRunDir(dir);
  } catch (err) {
    expect(err, String((err as Error).stack)).toBeInstanceOf(BadInputError);
    expect((err as Error).message.replace(dir + '/', '')).toMatch(FILE_AT_FAULT);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type FileName = keyof RunFiles;
const fileName = fc.constantFrom<FileName>('history.jsonl', 'events.jsonl', 'final.json');

/** One line of a JSON-lines file (or the JSON file) changed in a hostile way. */
const lineMutation = fc.oneof(
  fc.nat().map((n) => (line: string) => line.slice(0, n % (line.length + 1))),
  fc.string({ unit: 'binary', maxLength: 8 }).map((s) => () => s),
  fc
    .tuple(
      fc.constantFrom(
        'time',
        'type',
        'process',
        'f',
        'key',
        'value',
        'via',
        'region',
        'id',
        'regions',
        'settled',
      ),
      fc.jsonValue({ maxDepth: 2 }),
    )
    .map(
      ([field, v]) =>
        (line: string) =>
          retype(line, field, v),
    ),
  fc.tuple(fc.stringMatching(/^[a-z]{1,8}$/), fc.jsonValue({ maxDepth: 1 })).map(
    ([field, v]) =>
      (line: string) =>
        retype(line, field, v),
  ),
  fc.integer({ min: -5000, max: 5000 }).map((dt) => (line: string) => shiftTime(line, dt)),
);

function retype(line: string, field: string, value: unknown): string {
  try {
    const o = JSON.parse(line) as Record<string, unknown>;
    if (o === null || typeof o !== 'object') return line;
    return JSON.stringify({ ...o, [field]: value });
  } catch {
    return line;
  }
}

function shiftTime(line: string, dt: number): string {
  const time = /"time":(-?[\d.e+-]+)/.exec(line)?.[1];
  return time === undefined ? line : retype(line, 'time', Number(time) + dt);
}

const mutatedRun = fc
  .tuple(
    fc.integer({ min: 1, max: 40 }),
    fc.array(fc.tuple(fileName, fc.nat(), lineMutation), { minLength: 1, maxLength: 3 }),
  )
  .map(([opsCount, mutations]) => {
    const files = validRun(opsCount);
    for (const [name, n, mutate] of mutations) {
      const lines = (files[name] ?? '').split('\n');
      const i = n % lines.length;
      lines[i] = mutate(lines[i]!);
      files[name] = lines.join('\n');
    }
    return files;
  });

const reordered = fc
  .tuple(fc.integer({ min: 2, max: 40 }), fc.nat(), fc.nat())
  .map(([count, a, b]) => {
    const files = validRun(count);
    const lines = files['history.jsonl']!.trimEnd().split('\n');
    const i = a % lines.length;
    const j = b % lines.length;
    [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    return { ...files, 'history.jsonl': lines.join('\n') + '\n' };
  });

const missing = fc
  .tuple(
    fc.integer({ min: 1, max: 20 }),
    fc.subarray<FileName>(['history.jsonl', 'events.jsonl', 'final.json', 'scenario.yaml']),
  )
  .map(([count, gone]) => {
    const files = validRun(count);
    for (const name of gone) files[name] = undefined;
    return files;
  });

describe('gameday check on hostile run directories', { timeout: FUZZ_TIMEOUT_MS }, () => {
  it('a valid run is judged', async () => {
    await expect(checkRunDir(writeRun(validRun(30)))).resolves.toHaveProperty('verdict');
  });

  it('truncated lines, wrong types, unknown fields, times moved', async () => {
    await fc.assert(fc.asyncProperty(mutatedRun, assertCleanOutcome), { numRuns: 400 });
  });

  it('history lines swapped (two ops in flight, completions before invokes, time backwards)', async () => {
    await fc.assert(fc.asyncProperty(reordered, assertCleanOutcome), { numRuns: 200 });
  });

  it('files missing', async () => {
    await fc.assert(fc.asyncProperty(missing, assertCleanOutcome), { numRuns: 50 });
  });

  it('a history line over 1 MiB is refused at its line, never held whole in memory', async () => {
    const files = validRun(4);
    const lines = files['history.jsonl']!.trimEnd().split('\n');
    const huge = 'x'.repeat(MAX_LINE_CHARS + 1);
    // An otherwise valid write of a 1 MiB value: its invoke (line 3) and its ok (line 4).
    for (const i of [2, 3]) lines[i] = retype(lines[i]!, 'value', huge);
    const midFile = { ...files, 'history.jsonl': lines.join('\n') + '\n' };
    await expect(checkRunDir(writeRun(midFile))).rejects.toThrow(
      /^history\.jsonl:3: line longer than 1 MiB/,
    );
    // The same line last in the file, without its newline.
    const lastLine = { ...files, 'history.jsonl': lines.slice(0, 3).join('\n') };
    await expect(checkRunDir(writeRun(lastLine))).rejects.toThrow(
      /^history\.jsonl:3: line longer than 1 MiB/,
    );
  });

  it('a history line with two operations in flight names both lines', async () => {
    const files = validRun(2);
    const [invoke] = files['history.jsonl']!.split('\n');
    files['history.jsonl'] = `${invoke}\n${invoke}\n`;
    await expect(checkRunDir(writeRun(files))).rejects.toThrow(
      /history\.jsonl:2: .*history\.jsonl:1/,
    );
  });
});
