// One row per cell of the grid: the figures `compare` reads (src/compare/figures.ts), plus
// availability per region and duplicate effects, each the nearest-rank median over the cell's
// runs (one run: its value), and how many SLO rows passed. Pure: reports in, rows out.
import { FIGURES } from '../compare/figures.js';
import type { Report } from '../model.js';
import { distribution } from '../repeat/summary.js';

export interface MatrixRun {
  runDir: string;
  seed: number;
  verdict: string;
}

export interface MatrixRow {
  label: string;
  slug: string;
  /** Each varied field as written on the command line → the value of this cell. */
  settings: Record<string, unknown>;
  runs: MatrixRun[];
  /** Column name → median over the runs; null when no run measured it. */
  figures: Record<string, number | null>;
  /** SLO rows passed, over every run of the cell. */
  slos: { passed: number; total: number };
}

export interface MatrixColumn {
  name: string;
  /** Short header for the terminal table. */
  header: string;
  unit: 'ms' | 'ratio' | 'count' | 'per10k';
}

type Reader = (report: Report) => number | null;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The columns, in table order, for a topology with these regions. */
export function matrixColumns(regions: string[]): (MatrixColumn & { read: Reader })[] {
  const figure = (name: string, header: string): MatrixColumn & { read: Reader } => ({
    name,
    header,
    unit: FIGURES[name]!.unit,
    read: FIGURES[name]!.read,
  });
  return [
    figure('split_brain_writes', 'split-brain pairs'),
    figure('stale_read_rate', 'stale /10k'),
    figure('availability', 'avail entry'),
    ...regions.map((region) => ({
      name: `availability.${region}`,
      header: `avail ${region}`,
      unit: 'ratio' as const,
      read: (r: Report) => num(r.checks.availability?.byEntry?.[region]),
    })),
    figure('failover_time', 'failover'),
    figure('replication_lag_p95', 'lag p95'),
    figure('conflict_rate', 'conflicts /10k'),
    {
      name: 'duplicate_effects',
      header: 'duplicates',
      unit: 'count',
      read: (r) => num(r.checks.duplicateEffects?.count),
    },
  ];
}

export function matrixRow(
  cell: { label: string; slug: string; settings: Record<string, unknown> },
  reports: Report[],
  runs: MatrixRun[],
  regions: string[],
): MatrixRow {
  const figures = Object.fromEntries(
    matrixColumns(regions).map((c) => {
      const values = reports.map(c.read).filter((v): v is number => v !== null);
      return [c.name, distribution(values).median];
    }),
  );
  const rows = reports.flatMap((r) => r.slos);
  return {
    ...cell,
    runs,
    figures,
    slos: { passed: rows.filter((s) => s.pass).length, total: rows.length },
  };
}

/** A figure in its unit for the table: `1.25 s`, `99.12%`, `3.10`, `never`, `—`. */
export function formatCell(unit: MatrixColumn['unit'], v: number | null): string {
  if (v === null) return '—';
  if (v === Infinity) return 'never';
  if (unit === 'ms') return `${(v / 1000).toFixed(2)} s`;
  if (unit === 'ratio') return `${(v * 100).toFixed(2)}%`;
  if (unit === 'per10k') return v.toFixed(2);
  return String(v);
}
