// report.html: one self-contained page (uPlot inlined, data embedded as JSON, no network)
// showing what happened over time and what the checks concluded. A pure function of its input.
import { scenarioClock, scenarioZero, shiftEvents } from '../checks/clock.js';
import type { HistoryEvent, Report, RunEvent } from '../model.js';
import { binHistory, type BinnedHistory } from './html/binning.js';
import { chartData, type ChartSpec } from './html/charts.js';
import { escapeHtml as h } from './html/escape.js';
import { chartPage } from './html/page.js';
import { entryTable, phaseTable } from './html/entries.js';
import { linearizabilitySection } from './html/linearizability.js';
import { retriesSection } from './html/retries.js';
import * as section from './html/sections.js';
import { anomalyMarkers, faultWindows, timelineMarks } from './html/timeline.js';

export interface HtmlReportInput {
  report: Report;
  /** The run's history events in time order (history clock), or series already binned by
   * `HistoryBinner` on the scenario clock. */
  history: Iterable<HistoryEvent> | BinnedHistory;
  /** events.jsonl as recorded (history clock). */
  events: RunEvent[];
  scenarioText: string;
  title: string;
  /** Log files of the system under test, relative to the run directory (`logs/store-us.log`). */
  logs?: string[];
}

const NO_LAG = '<p class="muted">No replication-lag probes were recorded in this run.</p>';

export function renderHtml(input: HtmlReportInput): string {
  const { report } = input;
  // The scenario clock, as the checks use it: t = 0 where steps' `at:` count from.
  const zero = scenarioZero(input.events);
  const events = shiftEvents(input.events, zero);
  const binned = isBinned(input.history) ? input.history : binHistory(input.history, zero);
  const lastEvent = Math.max(0, ...events.map((e) => e.time));
  const runEnd = Math.max(binned.endMs, lastEvent);
  const runStart = binned.firstSecond * 1000;
  const windows = faultWindows(events, runEnd);
  const markers = anomalyMarkers(report);
  const marks = timelineMarks(events);
  const charts = chartData(binned, report, windows, markers, marks);
  const regions = [...new Set([...Object.keys(binned.entries), ...Object.keys(binned.answered)])]
    .filter((r) => r !== 'router' && r !== 'unknown region')
    .sort();
  const main = `<header><h1>${h(input.title)}</h1>${section.verdictBadge(report)}
<div class="meta">regions: ${h(regions.join(', ') || '—')}</div></header>
${section.summaryCards(report, binned.operations, runEnd - runStart)}
<h2>SLO verdicts</h2>
${section.sloTable(report)}
${section.unknownChecks(report)}
${entrySections(report)}
<h2>Timeline</h2>
<p class="legend-note">${h(scenarioClock(input.events).note)}</p>
<p class="legend-note"><span class="swatch"></span> fault in force${marks.length > 0 ? ' · dashed line: a mark made during the run' : ''} · hover a chart to read every series at that second</p>
${charts.charts.map(chartBox).join('\n')}
${charts.charts.some((c) => c.id === 'lag') ? '' : NO_LAG}
<h2>Faults</h2>
${section.faultTable(windows)}
${section.failoverTable(report)}
${retriesSection(report)}
${section.markTable(marks)}
<h2>Anomalies</h2>
${section.evidenceTable(markers)}
${linearizabilitySection(report)}
<h2>Scenario</h2>
<pre>${h(input.scenarioText)}</pre>
${logList(input.logs ?? [])}`;
  return chartPage({ title: input.title, main, data: charts });
}

function entrySections(report: Report): string {
  const entries = entryTable(report);
  const phases = phaseTable(report);
  return (
    (entries &&
      `<h2>Entries</h2><p class="muted">router = every operation through the global entry, whichever region answered; a region = its direct clients.</p>${entries}`) +
    (phases && `<h2>Phases</h2>${phases}`)
  );
}

function logList(logs: string[]): string {
  if (logs.length === 0) return '';
  const items = logs.map((l) => `<li><a href="${h(l)}">${h(l)}</a></li>`).join('');
  return `<h2>Logs</h2><p class="muted">What each region's processes printed during the run.</p><ul>${items}</ul>`;
}

function chartBox(chart: ChartSpec): string {
  return `<section class="chart"><h3>${h(chart.title)}</h3><div id="chart-${h(chart.id)}"></div></section>`;
}

function isBinned(history: HtmlReportInput['history']): history is BinnedHistory {
  return 'entries' in history && 'seconds' in history;
}
