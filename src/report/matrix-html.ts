// matrix.html: the comparison table of `gameday matrix`, then small multiples, one row per
// cell: the availability of each entry second by second and the replication lag, each with
// its own run's fault windows shaded. Self-contained like report.html (same chart script).
import { scenarioZero, shiftEvents } from '../checks/clock.js';
import type { Report, RunEvent } from '../model.js';
import type { MatrixColumn, MatrixRow } from '../matrix/summary.js';
import { formatCell } from '../matrix/summary.js';
import { binStarts, type BinnedHistory } from './html/binning.js';
import { faultBands, lagChart, spanRun, type ChartData, type ChartSpec } from './html/charts.js';
import { escapeHtml as h } from './html/escape.js';
import { chartPage } from './html/page.js';
import { faultWindows } from './html/timeline.js';

/** What the charts of one cell are drawn from: its first run. */
export interface MatrixCellRun {
  label: string;
  report: Report;
  binned: BinnedHistory;
  /** events.jsonl as recorded (history clock). */
  events: RunEvent[];
}

export interface MatrixHtmlInput {
  title: string;
  columns: MatrixColumn[];
  rows: MatrixRow[];
  cells: MatrixCellRun[];
  repeat: number;
}

const PALETTE = ['#2563eb', '#d97706', '#059669', '#9333ea', '#dc2626', '#0891b2'];
const GRID_CSS = `.multiples { display: grid; grid-template-columns: 1fr 1fr; gap: 0 14px; }
.multiples h3.cell { grid-column: 1 / -1; font-size: 14px; margin: 16px 0 6px; }`;

export function renderMatrixHtml(input: MatrixHtmlInput): string {
  const data: ChartData = { faults: [], marks: [], charts: [] };
  const boxes = input.cells.map((cell, i) => {
    const charts = cellCharts(cell, i);
    data.charts.push(...charts);
    const chartBoxes = charts.map(
      (c) =>
        `<section class="chart"><h3>${h(c.title)}</h3><div id="chart-${c.id}"></div></section>`,
    );
    if (charts.length < 2) chartBoxes.push('<p class="muted">No lag probes in this run.</p>');
    return `<h3 class="cell">${h(cell.label)}</h3>${chartBoxes.join('')}`;
  });
  const runs = input.repeat > 1 ? ` (medians over ${input.repeat} runs per row)` : '';
  const main = `<header><h1>${h(input.title)}</h1></header>
<h2>Variants${h(runs)}</h2>
<p class="muted">Each row is the scenario with the fields named in its label set, run on a fresh topology. Figures: docs/checks.md.</p>
${matrixTable(input.columns, input.rows)}
<h2>Availability and lag over time</h2>
<p class="legend-note"><span class="swatch"></span> fault in force · seconds on the scenario clock${input.repeat > 1 ? ' · charts of the first run of each row' : ''}</p>
<div class="multiples">${boxes.join('\n')}</div>`;
  return chartPage({ title: input.title, main, data, css: GRID_CSS });
}

function matrixTable(columns: MatrixColumn[], rows: MatrixRow[]): string {
  const head = ['variant', ...columns.map((c) => c.header), 'SLOs passed']
    .map((t) => `<th>${h(t)}</th>`)
    .join('');
  const body = rows.map((row) => {
    const cells = columns.map(
      (c) => `<td class="num">${h(formatCell(c.unit, row.figures[c.name] ?? null))}</td>`,
    );
    const slos = `${row.slos.passed}/${row.slos.total}`;
    const verdict = row.slos.passed === row.slos.total ? 'pass' : 'fail';
    return `<tr class="${verdict}"><td>${h(row.label)}</td>${cells.join('')}<td class="num">${slos}</td></tr>`;
  });
  return `<table><thead><tr>${head}</tr></thead><tbody>${body.join('')}</tbody></table>`;
}

function cellCharts(cell: MatrixCellRun, index: number): ChartSpec[] {
  const events = shiftEvents(cell.events, scenarioZero(cell.events));
  const { binned } = cell;
  const runEnd = Math.max(binned.endMs, ...events.map((e) => e.time), 0);
  const faults = faultBands(faultWindows(events, runEnd));
  const runSeconds = Math.max(binned.firstSecond + binned.seconds - 1, runEnd / 1000);
  const charts = [
    availabilityChart(binned, index),
    lagChart(cell.report, binned.binSeconds, binned.firstSecond),
  ]
    .filter((c): c is ChartSpec => c !== null)
    .map((c) => ({ ...spanRun(c, runSeconds, binned.firstSecond), faults }));
  return charts.map((c) =>
    c.id === 'lag' ? { ...c, id: `lag-${index}`, title: 'Replication lag' } : c,
  );
}

/** ok / (ok + fail + info) of each entry, per second (null: no operation completed then). */
function availabilityChart(binned: BinnedHistory, index: number): ChartSpec {
  const entries = Object.entries(binned.entries).sort(([a], [b]) => a.localeCompare(b));
  const { x } = binStarts(binned);
  return {
    id: `availability-${index}`,
    title: `Availability per entry (ok share of operations, per ${binned.binSeconds > 1 ? `${binned.binSeconds}-second bin` : 'second'})`,
    unit: 'ok share',
    data: [
      x,
      ...entries.map(([, s]) =>
        s.ok.map((ok, i) => {
          const all = ok + (s.fail[i] ?? 0) + (s.info[i] ?? 0);
          return all === 0 ? null : ok / all;
        }),
      ),
    ],
    series: entries.map(([entry], i) => ({
      label: entry,
      color: PALETTE[i % PALETTE.length] as string,
      style: 'line',
    })),
  };
}
