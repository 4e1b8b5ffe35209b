// docs/grafana-dashboard.json queries only metrics `--metrics-port` exports, uses every one of
// them, and (where promtool is installed) every query is valid PromQL.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { METRIC_NAMES, MetricsFeed } from '../../src/run/metrics-feed.js';

const DASHBOARD = join(import.meta.dirname, '..', '..', 'docs', 'grafana-dashboard.json');
const CHECKS_DOC = join(import.meta.dirname, '..', '..', 'docs', 'checks.md');
const NO_PROMTOOL = spawnSync('promtool', ['--version']).error
  ? 'promtool is not installed (Debian prometheus: scripts/bootstrap --for-tests)'
  : undefined;

/** Every `expr` in the dashboard: panel queries and annotation queries. */
function queries(): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object')
      for (const [key, value] of Object.entries(node)) {
        if (key === 'expr' && typeof value === 'string') found.push(value);
        else walk(value);
      }
  };
  walk(JSON.parse(readFileSync(DASHBOARD, 'utf8')));
  return found;
}

/** The metric names a query uses, a histogram's series (`_bucket`, `_sum`, `_count`) as the histogram. */
function metricsIn(query: string, histograms: Set<string>): string[] {
  return [...query.matchAll(/\bgameday_[a-z_]+/g)].map(([name]) => {
    const base = name.replace(/_(bucket|sum|count)$/, '');
    return histograms.has(base) ? base : name;
  });
}

describe('the Grafana dashboard', () => {
  it('queries only exported metrics, and every exported metric', async () => {
    const exported = await new MetricsFeed().registry.getMetricsAsJSON();
    expect(exported.map((m) => m.name).sort()).toEqual([...METRIC_NAMES].sort());
    const histograms = new Set(
      exported.filter((m) => String(m.type) === 'histogram').map((m) => m.name),
    );
    const used = new Set(queries().flatMap((q) => metricsIn(q, histograms)));
    expect(queries().length).toBeGreaterThan(5);
    for (const name of used) expect(METRIC_NAMES, `${name} is not exported`).toContain(name);
    expect([...used].sort()).toEqual([...METRIC_NAMES].sort());
  });

  it('every exported metric has its sentence in docs/checks.md', () => {
    const doc = readFileSync(CHECKS_DOC, 'utf8');
    for (const name of METRIC_NAMES) expect(doc).toMatch(new RegExp(`- \`${name}[\`{]`));
  });

  it.skipIf(NO_PROMTOOL)(
    `every query is valid PromQL${NO_PROMTOOL ? `: skipped, ${NO_PROMTOOL}` : ''}`,
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'gameday-dashboard-'));
      try {
        const rules = queries().map(
          (expr, i) => `      - record: dashboard:query${i}\n        expr: ${JSON.stringify(expr)}`,
        );
        const file = join(dir, 'rules.yml');
        writeFileSync(file, `groups:\n  - name: dashboard\n    rules:\n${rules.join('\n')}\n`);
        const check = spawnSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
        expect(check.status, check.stdout + check.stderr).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
