// Hostile scenario files: whatever text the loader is given, it either returns a Scenario or
// throws a ScenarioError (exit 2) naming the file and a line — never a stack trace.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse as parseYaml, stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { BadInputError } from '../../src/errors.js';
import { loadScenario, parseScenario, type Scenario } from '../../src/scenario/index.js';
import { LIMITS } from '../../src/scenario/limits.js';
import { ScenarioError } from '../../src/scenario/problems.js';

/** A bound on each property's wall time, not a speed goal: these run on a loaded machine. */
const FUZZ_TIMEOUT_MS = 60_000;

const SCENARIOS = join(import.meta.dirname, '..', '..', 'scenarios');
const shipped = readdirSync(SCENARIOS)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => readFileSync(join(SCENARIOS, f), 'utf8'));
const FILE = 'hostile.yaml';

/** The loader's promise: a Scenario, or a BadInputError located at FILE:line:column. */
function assertCleanOutcome(text: string): void {
  try {
    parseScenario(text, FILE);
  } catch (err) {
    expect(err).toBeInstanceOf(BadInputError);
    expect((err as Error).message).toMatch(/hostile\.yaml:\d+:\d+: /);
    expect((err as Error).message).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
  }
}

const anyShipped = fc.constantFrom(...shipped);

/** Replaces the scalar after `key:` on one line with another YAML value. */
const typeSwap = fc
  .tuple(anyShipped, fc.nat(), fc.jsonValue({ maxDepth: 2 }))
  .map(([text, n, value]) => {
    const lines = text.split('\n');
    const i = n % lines.length;
    const m = /^(\s*-?\s*[\w-]+:)/.exec(lines[i]!);
    if (m) lines[i] = `${m[1]} ${JSON.stringify(value)}`;
    return lines.join('\n');
  });

const truncation = fc.tuple(anyShipped, fc.nat()).map(([t, n]) => t.slice(0, n % (t.length + 1)));

const byteFlip = fc
  .tuple(anyShipped, fc.nat(), fc.string({ minLength: 1, maxLength: 4 }))
  .map(([t, n, s]) => {
    const i = n % (t.length + 1);
    return t.slice(0, i) + s + t.slice(i + 1);
  });

const unknownField = fc
  .tuple(anyShipped, fc.stringMatching(/^[a-z_]{1,12}$/), fc.jsonValue({ maxDepth: 1 }))
  .map(([t, key, v]) => `${t}\n${key}: ${JSON.stringify(v)}\n`);

const lineShuffle = fc.tuple(anyShipped, fc.nat(), fc.nat()).map(([t, a, b]) => {
  const lines = t.split('\n');
  const i = a % lines.length;
  const j = b % lines.length;
  [lines[i], lines[j]] = [lines[j]!, lines[i]!];
  return lines.join('\n');
});

describe('scenario loader under hostile input', { timeout: FUZZ_TIMEOUT_MS }, () => {
  it('random text and random bytes', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), assertCleanOutcome), {
      numRuns: 300,
    });
  });

  it('random YAML documents of any shape', () => {
    const doc = fc.jsonValue({ maxDepth: 4 }).map((v) => stringify(v));
    fc.assert(fc.property(doc, assertCleanOutcome), { numRuns: 300 });
  });

  it('shipped scenarios truncated, flipped, retyped, shuffled or grown', () => {
    const mutated = fc.oneof(truncation, byteFlip, typeSwap, unknownField, lineShuffle);
    fc.assert(fc.property(mutated, assertCleanOutcome), { numRuns: 1500 });
  });

  it('scenario fields replaced by values of the wrong type', () => {
    const base = fc.constantFrom(...shipped).map((t) => parseYamlObject(t));
    const retyped = fc
      .tuple(base, fc.nat(), fc.jsonValue({ maxDepth: 2 }))
      .map(([doc, n, value]) => stringify(replaceAt(doc, n, value)));
    fc.assert(fc.property(retyped, assertCleanOutcome), { numRuns: 500 });
  });
});

function parseYamlObject(text: string): Record<string, unknown> {
  return JSON.parse(JSON.stringify(parseYaml(text))) as Record<string, unknown>;
}

/** Walks to the n-th node (depth-first) of doc and puts value there. */
function replaceAt(doc: unknown, n: number, value: unknown): unknown {
  const slots: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (node: unknown) => {
    if (node === null || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      const key = Array.isArray(node) ? Number(k) : k;
      slots.push({ parent: node as Record<string, unknown>, key });
      walk(v);
    }
  };
  walk(doc);
  if (slots.length === 0) return value;
  const slot = slots[n % slots.length]!;
  (slot.parent as Record<string | number, unknown>)[slot.key] = value;
  return doc;
}

// The hostile table of issue 16: shapes that once crashed (exit 4), exhausted memory or were
// accepted with numbers no machine can run.

/** A parsed scenario keeps every number within LIMITS; a refused one is a clean ScenarioError. */
function assertBounded(text: string): void {
  let s: Scenario;
  try {
    s = parseScenario(text, FILE);
  } catch {
    return assertCleanOutcome(text);
  }
  expect(s.durationMs).toBeLessThanOrEqual(LIMITS.durationMs);
  expect(Math.max(s.warmupMs, s.settleMs)).toBeLessThanOrEqual(LIMITS.phaseMs);
  const w = s.workload;
  expect(w.rate).toBeLessThanOrEqual(LIMITS.rate);
  expect(Math.max(w.clients, w.routerClients)).toBeLessThanOrEqual(LIMITS.clients);
  expect(w.keys).toBeLessThanOrEqual(LIMITS.keys);
  expect(w.timeoutMs).toBeLessThanOrEqual(LIMITS.shortMs);
  expect(w.probeMs === 0 || w.probeMs >= LIMITS.minProbeMs).toBe(true);
  expect(w.probeMs).toBeLessThanOrEqual(LIMITS.shortMs);
  expect(s.topology.router.interMs).toBeLessThanOrEqual(LIMITS.shortMs);
  expect(s.steps.length).toBeLessThanOrEqual(LIMITS.steps);
  for (const step of s.steps) expect(step.atMs + step.durationMs).toBeLessThanOrEqual(s.durationMs);
}

const HUGE = [
  '1e12',
  '99999999999999999999',
  '99999999999999999999h',
  '"99999999999999999999h"',
  '1e400',
  '.inf',
  '-.inf',
  '.nan',
  '2147483648',
  '9007199254740993',
  '25h',
  '0.0001',
  '1e-300',
  '0.001ms',
];

/** A number or duration on one line of a shipped scenario replaced by a huge or tiny one. */
const hugeNumber = fc
  .tuple(anyShipped, fc.nat(), fc.constantFrom(...HUGE))
  .map(([text, n, value]) => {
    const lines = text.split('\n');
    const numeric = lines
      .map((line, i) => (/^\s*-?\s*[\w-]+:\s*[\d.]+(ms|s|m|h)?\s*$/.test(line) ? i : -1))
      .filter((i) => i >= 0);
    if (numeric.length === 0) return text;
    const i = numeric[n % numeric.length]!;
    lines[i] = lines[i]!.replace(/:\s*[\d.]+(ms|s|m|h)?\s*$/, `: ${value}`);
    return lines.join('\n');
  });

/** `width` aliases per level, `depth` levels: width^depth nodes once expanded. */
function aliasBomb(width: number, depth: number, key = 'description'): string {
  const lines = [`l0: &l0 [${Array(width).fill('"lol"').join(', ')}]`];
  for (let d = 1; d <= depth; d++) {
    lines.push(
      `l${d}: &l${d} [${Array(width)
        .fill(`*l${d - 1}`)
        .join(', ')}]`,
    );
  }
  return `name: bomb\nduration: 10s\n${key}:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}

function manySteps(count: number): string {
  const steps = Array.from(
    { length: count },
    (_, i) =>
      `  - {at: ${i}s, duration: 500ms, fault: kill-region, region: ${i % 2 ? 'eu' : 'us'}}`,
  );
  return `name: many\nduration: ${count + 1}s\nsteps:\n${steps.join('\n')}\n`;
}

describe(
  'the hostile table: bounded numbers, aliases, huge files, special paths',
  { timeout: FUZZ_TIMEOUT_MS },
  () => {
    it('huge, infinite and tiny numbers are refused or kept within the documented limits', () => {
      fc.assert(fc.property(hugeNumber, assertBounded), { numRuns: 400 });
    });

    it('the numbers of issue 16 are refused: rate 1e12, duration 99999999999999999999h', () => {
      const base = 'name: big\nduration: 10s\n';
      expect(() => parseScenario(`${base}workload: {rate: 1e12}\n`, FILE)).toThrow(
        /workload\.rate: expected at most 20000/,
      );
      expect(() => parseScenario('name: big\nduration: 99999999999999999999h\n', FILE)).toThrow(
        /hostile\.yaml:2:11: duration: at most 24h/,
      );
      expect(() => parseScenario(`${base}workload: {probe: 1ms}\n`, FILE)).toThrow(
        /workload\.probe: must be 0 \(no probes\) or at least 10ms/,
      );
    });

    it('YAML alias bombs of any width and depth end in a located problem, never a crash', () => {
      const bomb = fc
        .tuple(
          fc.integer({ min: 2, max: 10 }),
          fc.integer({ min: 1, max: 9 }),
          fc.constantFrom('description', 'workload', 'steps', 'extra'),
        )
        .map(([width, depth, key]) => aliasBomb(width, depth, key));
      fc.assert(fc.property(bomb, assertCleanOutcome), { numRuns: 100 });
    });

    it('a billion laughs is refused at its first alias', () => {
      expect(() => parseScenario(aliasBomb(10, 9), FILE)).toThrow(
        /hostile\.yaml:5:\d+: YAML aliases expand too far/,
      );
    });

    it('a file over 1 MiB is refused before it is parsed', () => {
      const huge = manySteps(60_000);
      expect(huge.length).toBeGreaterThan(LIMITS.fileBytes);
      expect(() => parseScenario(huge, FILE)).toThrow(/hostile\.yaml:1:1: larger than 1 MiB/);
    });

    it('more than 500 steps is one problem, not one per step', () => {
      expect(() => parseScenario(manySteps(LIMITS.steps), FILE)).not.toThrow();
      const err = catchError(() => parseScenario(manySteps(LIMITS.steps + 1), FILE));
      expect(err).toBeInstanceOf(ScenarioError);
      expect((err as ScenarioError).problems).toEqual([
        expect.objectContaining({
          line: 3,
          field: 'steps',
          message: '501 steps, more than the limit of 500',
        }),
      ]);
    });

    it('a file with a thousand wrong fields lists 50 problems and counts the rest', () => {
      const text = Array.from({ length: 1000 }, (_, i) => `f${i}: 1`).join('\n');
      const err = catchError(() => parseScenario(`name: x\nduration: 1s\n${text}\n`, FILE));
      expect((err as ScenarioError).problems).toHaveLength(LIMITS.problems + 1);
      expect((err as ScenarioError).problems.at(-1)!.message).toMatch(/^\.\.\. and \d+ more$/);
    });
  },
);

describe('special paths given as a scenario', { timeout: FUZZ_TIMEOUT_MS }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'gameday-fuzz-paths-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const SECRET = 'root:$6$saltsalt$c2VjcmV0IGhhc2g:19000:0:99999:7:::';

  /** Refused with a BadInputError that quotes nothing of the file. */
  async function refused(path: string, reason: RegExp, content = SECRET): Promise<void> {
    const err = await loadScenario(path).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err, path).toBeInstanceOf(BadInputError);
    expect((err as Error).message).toMatch(reason);
    for (const line of content.split('\n').filter((l) => l.length > 3))
      expect((err as Error).message).not.toContain(line);
  }

  it('a password file is "not a gameday scenario", its lines never quoted', async () => {
    const shadow = join(dir, 'shadow');
    writeFileSync(shadow, `${SECRET}\ndaemon:*:19000:0:99999:7:::\n`);
    await refused(shadow, /not a gameday scenario/, readFileSync(shadow, 'utf8'));
  });

  it('binary files, NUL bytes, directories, FIFOs and oversized files are refused unread', async () => {
    const binary = join(dir, 'binary');
    writeFileSync(binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0xff, 0xfe, 0x00, 0x01]));
    await refused(binary, /not a text file/);
    await refused(
      '/proc/self/environ',
      /not a text file/,
      readFileSync('/proc/self/environ', 'latin1'),
    );
    await refused(dir, /not a regular file/);
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    await refused(fifo, /not a regular file/);
    const big = join(dir, 'big.yaml');
    writeFileSync(big, `name: big\nduration: 1s\ndescription: "${'x'.repeat(LIMITS.fileBytes)}"\n`);
    await refused(big, /larger than 1 MiB/);
    await refused(join(dir, 'absent.yaml'), /no such file/);
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
}
