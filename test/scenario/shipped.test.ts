// Shipped scenarios load, validate against the committed JSON Schema too, and the generated
// files (schema/scenario.schema.json, the reference in docs/scenarios.md) are up to date.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { parse } from 'yaml';
import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { loadScenario, parseScenario } from '../../src/scenario/index.js';
import { renderJsonSchema, renderReference } from '../../src/scenario/reference.js';
import {
  DEFAULT_SCENARIO,
  listShippedScenarios,
  shippedScenariosDir,
} from '../../src/scenario/shipped.js';

const root = join(shippedScenariosDir(), '..');
const committedSchema = JSON.parse(readFileSync(join(root, 'schema/scenario.schema.json'), 'utf8'));
const fromJsonSchema = z.fromJSONSchema(committedSchema);

describe('shipped scenarios', async () => {
  const shipped = await listShippedScenarios();

  it('include the scenarios issue 3 asks for, with the default among them', () => {
    const names = shipped.map((s) => s.name);
    for (const wanted of [
      'baseline',
      'replication-partition',
      'replication-partition-sync',
      'replication-partition-mv',
      'oneway-partition',
      'cross-region-latency',
      'flaky-link',
      'region-kill',
      'region-pause',
      'region-isolation',
      'withdraw-partition',
      'withdraw-partition-sync',
      'counter',
      'full-gameday',
    ]) {
      expect(names).toContain(wanted);
    }
    expect(shipped.filter((s) => s.isDefault).map((s) => s.name)).toEqual([DEFAULT_SCENARIO]);
  });

  it.each(shipped.map((s) => [s.name, s.file]))(
    '%s: loads, is short, says what it shows',
    async (name, file) => {
      const text = readFileSync(file, 'utf8');
      const scenario = await loadScenario(file);
      expect(file.endsWith(`${name}.yaml`)).toBe(true);
      expect(scenario.description.length).toBeGreaterThan(10);
      expect(Object.keys(scenario.slo).length).toBeGreaterThan(0);
      expect(scenario.durationMs).toBeGreaterThanOrEqual(30_000);
      expect(scenario.durationMs).toBeLessThanOrEqual(60_000);
      expect(
        text.startsWith('# yaml-language-server: $schema=../schema/scenario.schema.json\n'),
      ).toBe(true);
      expect(text).toContain('\n# Demonstrates: ');
      expect(fromJsonSchema.safeParse(parse(text)).success).toBe(true);
    },
  );
});

describe('generated files', () => {
  it('schema/scenario.schema.json is up to date (npm run gen)', () => {
    expect(readFileSync(join(root, 'schema/scenario.schema.json'), 'utf8')).toBe(
      renderJsonSchema(),
    );
  });

  it('the field reference in docs/scenarios.md is up to date (npm run gen)', async () => {
    const docsFile = join(root, 'docs/scenarios.md');
    const options = await resolveConfig(docsFile);
    const reference = await format(renderReference(), { ...options, filepath: docsFile });
    expect(readFileSync(docsFile, 'utf8')).toContain(reference.trim());
  });

  it('the JSON Schema rejects what the loader rejects for shape', () => {
    const bad = [
      { name: 'x' },
      { name: 'x', duration: '10 seconds' },
      { name: 'x', duration: '10s', fualt: 1 },
      { name: 'x', duration: '10s', steps: [{ at: '1s', duration: '2s', fault: 'partiton' }] },
      {
        name: 'x',
        duration: '10s',
        steps: [{ at: '1s', duration: '2s', fault: 'partition', regions: ['us', 'eu'], ms: 3 }],
      },
      { name: 'x', duration: '10s', topology: { store: { conflict: 'lwx' } } },
      { name: 'x', duration: '10s', slo: { overdraft: 0 } },
    ];
    for (const doc of bad) {
      expect(fromJsonSchema.safeParse(doc).success, JSON.stringify(doc)).toBe(false);
      expect(() => parseScenario(JSON.stringify(doc), 'bad.yaml')).toThrow();
    }
  });
});
