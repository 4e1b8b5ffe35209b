// Every shipped scenario states its promise in a `# Expect:` line covering each SLO it
// declares, and names where a slow test holds a run to it (claims.slow.test.ts, or the
// Redis/Galera topology tests that already start those stores).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listShippedScenarios, shippedScenariosDir } from '../../src/scenario/shipped.js';
import { SHORT_RUNS, declaredSlos, expectedVerdicts } from './claims.js';

const root = join(shippedScenariosDir(), '..');

describe('scenario claims', async () => {
  const shipped = await listShippedScenarios();

  it.each(shipped.map((s) => [s.name, s.file]))(
    '%s: its # Expect: line gives a verdict for every SLO it declares',
    (_name, file) => {
      expect(Object.keys(expectedVerdicts(file)).sort()).toEqual(declaredSlos(file).sort());
    },
  );

  it('every shipped scenario has a slow test holding it to its promise, and only those', () => {
    expect(Object.keys(SHORT_RUNS).sort()).toEqual(shipped.map((s) => s.name).sort());
    for (const [name, run] of Object.entries(SHORT_RUNS)) {
      if (run.by === 'claims') continue;
      const test = join(root, run.by);
      expect(existsSync(test), run.by).toBe(true);
      expect(readFileSync(test, 'utf8'), `${run.by} runs ${name}`).toContain(`'${name}'`);
    }
  });

  it('reads a line and refuses a malformed one', () => {
    expect(() => expectedVerdicts(join(root, 'package.json'))).toThrow(/0 "# Expect:" lines/);
  });
});
