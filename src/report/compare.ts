// `gameday compare` as a terminal table and as Markdown (a pull-request comment or a CI step
// summary). Formats the rows src/compare computed; decides nothing.
import type { Comparison, FigureRow } from '../compare/compare.js';
import { FIGURES } from '../compare/figures.js';

const HEADER = ['figure', 'base', 'new', 'change', 'tolerance', 'verdict'];

export function comparisonRows(c: Comparison): string[][] {
  const figures = c.figures.map((r) => [
    r.name,
    formatFigure(r.name, r.base),
    formatFigure(r.name, r.new),
    change(r),
    r.tolerance,
    r.regression ? 'REGRESSION' : 'ok',
  ]);
  const slos = c.slos.map((s) => [
    `SLO ${s.name} ${s.target}`,
    s.base ? `${String(s.base.measured)} ${s.base.pass ? 'pass' : 'FAIL'}` : '—',
    s.new ? `${String(s.new.measured)} ${s.new.pass ? 'pass' : 'FAIL'}` : '—',
    '',
    'pass stays pass',
    s.regression ? 'REGRESSION' : 'ok',
  ]);
  return [...figures, ...slos];
}

export const comparisonHeader = (): string[] => [...HEADER];

export function comparisonMarkdown(c: Comparison, base: string, next: string): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [
    `### gameday compare: ${c.regressions === 0 ? 'no regression' : `${c.regressions} regression(s)`}`,
    '',
    `base: \`${cell(base)}\` · new: \`${cell(next)}\``,
    '',
    `| ${HEADER.join(' | ')} |`,
    `| ${HEADER.map(() => '---').join(' | ')} |`,
    ...comparisonRows(c).map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
  return lines.join('\n') + '\n';
}

/** A figure in its unit: `1.25 s`, `99.12%`, `3.10 per 10k`, `never`. */
export function formatFigure(name: string, v: number | null): string {
  if (v === null) return '—';
  if (v === Infinity) return 'never';
  switch (FIGURES[name]!.unit) {
    case 'ms':
      return `${(v / 1000).toFixed(2)} s`;
    case 'ratio':
      return `${(v * 100).toFixed(2)}%`;
    case 'per10k':
      return `${v.toFixed(2)} per 10k`;
    case 'count':
      return String(v);
  }
}

function change(r: FigureRow): string {
  if (r.change === null) return r.base === r.new ? '' : 'n/a';
  const sign = r.change > 0 ? '+' : r.change < 0 ? '−' : '±';
  const abs = Math.abs(r.change);
  const unit = FIGURES[r.name]!.unit;
  const amount =
    unit === 'ms'
      ? `${(abs / 1000).toFixed(2)} s`
      : unit === 'ratio'
        ? `${(abs * 100).toFixed(2)} pp`
        : String(Math.round(abs * 100) / 100);
  const rel =
    r.base !== null && r.base !== 0
      ? ` (${sign}${((abs / Math.abs(r.base)) * 100).toFixed(0)}%)`
      : '';
  return `${sign}${amount}${rel}`;
}
