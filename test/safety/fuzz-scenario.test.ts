// Hostile scenario files: whatever text the loader is given, it either returns a Scenario or
// throws a ScenarioError (exit 2) naming the file and a line — never a stack trace.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse as parseYaml, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../src/errors.js';
import { parseScenario } from '../../src/scenario/index.js';

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

describe('scenario loader under hostile input', () => {
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
