// store-counters.json: read back by `gameday check` into conflictRate.store; a malformed file
// is bad input naming the field; the bundled store's counter parsed from its /metrics text.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkRunDir } from '../../src/checks/index.js';
import { BadInputError } from '../../src/errors.js';
import { metricValue } from '../../src/stores/kvstore.js';
import { historyOf, ops, w } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function runDir(counters?: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'gameday-counters-'));
  dirs.push(dir);
  const history = historyOf(ops(w('us-1', 'a', 0, 1), w('eu-1', 'b', 2, 3)));
  writeFileSync(join(dir, 'history.jsonl'), history.map((e) => JSON.stringify(e)).join('\n'));
  if (counters !== undefined) {
    writeFileSync(join(dir, 'store-counters.json'), JSON.stringify(counters));
  }
  return dir;
}

describe('store-counters.json', () => {
  it('gives conflictRate.store offline, per 10k ok writes', async () => {
    const counters = {
      conflicts: {
        source: 'kvstore_conflicts_total',
        start: { us: 1, eu: 0 },
        end: { us: 2, eu: 0 },
      },
    };
    const report = await checkRunDir(runDir(counters));
    expect(report.checks.conflictRate).toMatchObject({ storeConflicts: 1, store: 5000, writes: 2 });
    expect((await checkRunDir(runDir())).checks.conflictRate.store).toBeNull();
  });

  it('rejects a malformed file naming the field', async () => {
    const bad = { conflicts: { source: 'x', start: { us: 'seven' }, end: {} } };
    const err = await checkRunDir(runDir(bad)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadInputError);
    expect((err as Error).message).toMatch(
      /store-counters\.json: field conflicts\.start\.us must be a count/,
    );
  });

  it("reads the bundled store's conflict counter from its /metrics text", () => {
    const text = [
      '# TYPE kvstore_conflicts_total counter',
      'kvstore_conflicts_total{region="us"} 17',
      'kvstore_keys{region="us"} 3',
    ].join('\n');
    expect(metricValue(text, 'kvstore_conflicts_total')).toBe(17);
    expect(metricValue(text, 'kvstore_writes_total')).toBeNull();
  });
});
