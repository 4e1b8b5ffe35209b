// gameday matrix end to end on a 2×2 grid of very short runs (real kvstore, Toxiproxy and
// HAProxy): the trade-off of docs/findings.md holds — async multi-writer splits and stays
// available, sync does not split and loses availability, single-writer does not split and
// loses eu's writes — and a bad --vary value is exit 2 before anything starts.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, gameday, leftovers, tempRoot } from '../topology/helpers.js';

const SCENARIO = `name: tiny-cut
duration: 3s
warmup: 500ms
settle: 5s
topology:
  store: { conflict: lww, writes: async }
workload:
  kind: register
  rate: 100
  keys: 10
steps:
  - id: cut
    at: 500ms
    duration: 2s
    fault: partition
    regions: [us, eu]
    scope: replication
slo:
  split_brain_writes: 0
  availability: '>= 99%'
`;

interface Row {
  label: string;
  settings: Record<string, string>;
  runs: { runDir: string; verdict: string }[];
  figures: Record<string, number | null>;
}

const roots: string[] = [];
afterAll(async () => {
  for (const root of roots) await cleanup(root, []);
});

function setup(): { root: string; file: string } {
  const root = tempRoot();
  roots.push(root);
  const file = join(root, 'tiny.yaml');
  writeFileSync(file, SCENARIO);
  return { root, file };
}

// The two grids side by side (each its own state dir; a matrix runs its variants one at a
// time): at most two topologies at once.
describe.concurrent('gameday matrix', () => {
  it('runs a 2×2 grid and shows the trade-off in matrix.json, the table and matrix.html', async () => {
    const { root, file } = setup();
    const out = join(root, 'mx');
    const r = await gameday(
      root,
      [
        ...['matrix', file, '--vary', 'topology.store.writes=async,sync'],
        ...['--vary', 'topology.store.ownership=multi-writer,single-writer'],
        ...['--out', out, '--seed', '5', '--ci'],
      ],
      180_000,
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect(leftovers(root)).toEqual([]);
    const matrix = JSON.parse(readFileSync(join(out, 'matrix.json'), 'utf8')) as {
      variants: Row[];
    };
    const byLabel = Object.fromEntries(matrix.variants.map((v) => [v.label, v]));
    expect(Object.keys(byLabel)).toEqual([
      'writes=async ownership=multi-writer',
      'writes=async ownership=single-writer',
      'writes=sync ownership=multi-writer',
      'writes=sync ownership=single-writer',
    ]);
    const mw = byLabel['writes=async ownership=multi-writer']!;
    const sw = byLabel['writes=async ownership=single-writer']!;
    const sync = byLabel['writes=sync ownership=multi-writer']!;
    expect(sw.settings).toEqual({
      'topology.store.writes': 'async',
      'topology.store.ownership': 'single-writer',
    });
    // Each cell ran its own scenario on its own topology, with the values it names.
    for (const v of matrix.variants) {
      const ran = readFileSync(join(v.runs[0]!.runDir, 'scenario.yaml'), 'utf8');
      expect(ran).toContain(`writes: ${v.settings['topology.store.writes']}`);
      expect(ran).toContain(`ownership: ${v.settings['topology.store.ownership']}`);
    }
    // Async multi-writer: split brain, and every operation answered.
    expect(mw.figures.split_brain_writes).toBeGreaterThan(0);
    expect(mw.figures.availability).toBeGreaterThanOrEqual(0.99);
    // Sync: no pair, and writes refused during the cut.
    expect(sync.figures.split_brain_writes).toBe(0);
    expect(sync.figures.availability).toBeLessThan(mw.figures.availability!);
    // Single-writer (home us): eu's writes cannot reach us; us keeps answering.
    expect(sw.figures['availability.eu']).toBeLessThan(sw.figures['availability.us']!);
    expect(sw.figures.availability).toBeLessThan(mw.figures.availability!);
    // The table names every cell; the page has both charts of every cell.
    for (const label of Object.keys(byLabel)) expect(r.stdout).toContain(label);
    expect(r.stdout).toMatch(/split-brain pairs/);
    const html = readFileSync(join(out, 'matrix.html'), 'utf8');
    for (let i = 0; i < 4; i += 1) {
      expect(html).toContain(`id="chart-availability-${i}"`);
      expect(html).toContain(`id="chart-lag-${i}"`);
    }
  }, 240_000);

  it('--vary workload.retries.idempotencyKeys fills the duplicates column: some without keys, none with', async () => {
    // Increments through a slow client link (answers 300 ms ± 100 ms, clients give up at
    // 300 ms): unanswered increments that applied are retried (docs/checks.md).
    const root = tempRoot();
    roots.push(root);
    const file = join(root, 'retries.yaml');
    writeFileSync(
      file,
      `name: tiny-retries
duration: 5s
warmup: 500ms
settle: 5s
workload:
  kind: counter
  rate: 80
  keys: 20
  clients: 10
  routerClients: 0
  timeout: 300ms
  probe: 0s
  retries: { attempts: 4, backoffMs: 50, jitter: 0.5, idempotencyKeys: false }
steps:
  - { id: slow, at: 0s, duration: 5s, fault: latency, regions: [eu, us], scope: clients, ms: 300, jitter: 100 }
slo:
  duplicate_effects: 0
`,
    );
    const out = join(root, 'mx');
    const vary = ['--vary', 'workload.retries.idempotencyKeys=false,true'];
    const r = await gameday(
      root,
      ['matrix', file, ...vary, '--out', out, '--seed', '5', '--ci'],
      120_000,
    );
    expect([0, 1], r.stderr).toContain(r.exitCode);
    expect(leftovers(root)).toEqual([]);
    const matrix = JSON.parse(readFileSync(join(out, 'matrix.json'), 'utf8')) as {
      variants: Row[];
    };
    const byLabel = Object.fromEntries(matrix.variants.map((v) => [v.label, v]));
    expect(Object.keys(byLabel)).toEqual(['idempotencyKeys=false', 'idempotencyKeys=true']);
    for (const v of matrix.variants) {
      const ran = readFileSync(join(v.runs[0]!.runDir, 'scenario.yaml'), 'utf8');
      expect(ran).toContain(`idempotencyKeys: ${v.settings['workload.retries.idempotencyKeys']}`);
    }
    expect(byLabel['idempotencyKeys=false']!.figures.duplicate_effects).toBeGreaterThan(0);
    expect(byLabel['idempotencyKeys=true']!.figures.duplicate_effects).toBe(0);
    expect(r.stdout).toMatch(/duplicates/);
  }, 180_000);

  it('a --vary value the field does not take is exit 2 naming the allowed values; nothing starts', async () => {
    const { root, file } = setup();
    const out = join(root, 'mx');
    const args = ['matrix', file, '--vary', 'topology.store.ownership=multi-writer,leader'];
    const r = await gameday(root, [...args, '--out', out]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/"leader" is not an allowed value/);
    expect(r.stderr).toMatch(/takes multi-writer, single-writer, geo/);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(root, '.gameday', 'state.json'))).toBe(false);
  });
});
