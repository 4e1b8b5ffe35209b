// The report's static parts as HTML strings: summary, SLO table, failover, evidence, scenario.
import type { Report, SloVerdict } from '../../model.js';
import { escapeHtml as h } from './escape.js';
import type { AnomalyMarker, FaultWindow, TimelineMark } from './timeline.js';

/** Seconds with one decimal, the unit every table in the report uses for times. */
export function seconds(ms: number | null | undefined): string {
  return ms === null || ms === undefined || !Number.isFinite(ms)
    ? '—'
    : `${(ms / 1000).toFixed(1)} s`;
}

/** Milliseconds as people read them: "840 ms", "18.0 s". */
export function duration(ms: number): string {
  return Math.abs(ms) < 1000 ? `${Math.round(ms)} ms` : seconds(ms);
}

/** A measured SLO value in the unit its target is written in (a ratio under "< 0.1%" is a percent). */
export function measured(slo: SloVerdict): string {
  const value = slo.measured;
  if (typeof value !== 'number') return value ?? '—';
  if (/%|per\s*10k/i.test(slo.target)) return `${Number((value * 100).toPrecision(3))}%`;
  if (/\d\s*m?s\s*$/.test(slo.target)) return duration(value);
  return String(value);
}

/** PASS or FAIL; a run without SLOs judged nothing, and the badge says so. */
export function verdictBadge(report: Report): string {
  if (report.slos.length === 0) return '<span class="badge none">NO SLOS</span>';
  const pass = report.verdict === 'pass';
  return `<span class="badge ${pass ? 'pass' : 'fail'}">${pass ? 'PASS' : 'FAIL'}</span>`;
}

/** Headline figures: the numbers people ask about first. */
export function summaryCards(report: Report, operations: number, runMs: number): string {
  const c = report.checks;
  // What the availability SLO judges: the global entry when there were router clients.
  const router = c.availability.byEntry.router;
  const cards: [string, string, boolean][] = [
    ['duration', seconds(runMs), false],
    ['operations', operations.toLocaleString('en-US'), false],
    [
      router === undefined ? 'availability' : 'availability (router entry)',
      `${((router ?? c.availability.overall) * 100).toFixed(2)}%`,
      (router ?? c.availability.overall) < 0.99,
    ],
    ['stale reads', String(c.staleReads.count), c.staleReads.count > 0],
    ['split-brain pairs', String(c.splitBrainWrites.pairs), c.splitBrainWrites.pairs > 0],
    ['lost writes', String(c.lostWrites.count), c.lostWrites.count > 0],
    ['divergent keys', String(c.divergence.keys.length), c.divergence.keys.length > 0],
    ['replication lag max', duration(c.replicationLag.max), false],
    ['conflicts per 10k writes', conflictPair(c.conflictRate), (c.conflictRate.history ?? 0) > 0],
  ];
  const items = cards.map(
    ([label, value, bad]) =>
      `<div class="card${bad ? ' bad' : ''}"><div class="value">${h(value)}</div><div class="label">${h(label)}</div></div>`,
  );
  return `<div class="cards">${items.join('')}</div>`;
}

/** Both conflict figures side by side: "store 3.1 · history 12.5" ("—" for one not had). */
export function conflictPair(rate: Report['checks']['conflictRate']): string {
  const figure = (n: number | null) => (n === null ? '—' : String(Number(n.toFixed(1))));
  return `store ${figure(rate.store)} · history ${figure(rate.history)}`;
}

export function sloTable(report: Report): string {
  if (report.slos.length === 0) return '<p class="muted">No SLOs were set for this run.</p>';
  const rows = report.slos.map((slo) => {
    const evidence = (slo.evidence ?? [])
      .slice(0, 3)
      .map((e) => `<div class="evidence">${h(e)}</div>`);
    return (
      `<tr class="${slo.pass ? 'pass' : 'fail'}"><td>${h(slo.name)}</td><td class="num">${h(slo.target)}</td>` +
      `<td class="num">${h(measured(slo))}</td><td>${slo.pass ? '✔ pass' : '✘ fail'}${evidence.join('')}</td></tr>`
    );
  });
  return table(['SLO', 'target', 'measured', 'verdict'], rows);
}

/** Checks that threw are unknown, not passed: say so next to the verdicts. */
export function unknownChecks(report: Report): string {
  const unknown = report.unknown ?? [];
  if (unknown.length === 0) return '';
  const items = unknown.map((u) => `<li><strong>${h(u.check)}</strong>: ${h(u.error)}</li>`);
  return `<div class="warning">These checks could not be judged (their results are unknown):<ul>${items.join('')}</ul></div>`;
}

export function failoverTable(report: Report): string {
  if (report.checks.failover.length === 0) return '';
  const rows = report.checks.failover.map(
    (f) =>
      `<tr><td>${h(f.step)}</td><td>${h(f.region)}</td><td class="num">${seconds(f.detectionMs)}</td>` +
      `<td class="num">${f.failoverMs === null ? 'never' : seconds(f.failoverMs)}</td><td class="num">${h(f.errors)}</td></tr>`,
  );
  return `<h2>Failover</h2>${table(['step', 'region', 'detection', 'failover', 'errors during'], rows)}`;
}

export function faultTable(windows: FaultWindow[]): string {
  if (windows.length === 0) return '<p class="muted">No faults were injected.</p>';
  const rows = windows.map(
    (w) =>
      `<tr><td>${h(w.label)}</td><td class="num">${seconds(w.start)}</td>` +
      `<td class="num">${w.healed ? seconds(w.end) : 'not healed'}</td><td class="num">${seconds(w.end - w.start)}</td></tr>`,
  );
  return table(['fault', 'start', 'end', 'lasted'], rows);
}

/** What people marked during the run (`gameday mark`), in time order. */
export function markTable(marks: TimelineMark[]): string {
  if (marks.length === 0) return '';
  const rows = marks.map(
    (m) =>
      `<tr><td class="num">${seconds(m.time)}</td><td>${h(m.kind)}</td><td>${h(m.text)}</td></tr>`,
  );
  return `<h2>Marks</h2>${table(['time', 'kind', 'what the people noted'], rows)}`;
}

/** The offending operations behind the markers, so a person can see why a check failed. */
export function evidenceTable(markers: AnomalyMarker[]): string {
  if (markers.length === 0) return '<p class="muted">No anomalies were found.</p>';
  const rows = [...markers]
    .sort((a, b) => a.time - b.time)
    .map(
      (m) =>
        `<tr><td class="num">${seconds(m.time)}</td><td>${h(m.lane)}</td><td><code>${h(m.key)}</code></td>` +
        `<td>${h(m.region)}</td><td>${h(m.note)}</td></tr>`,
    );
  return table(['time', 'anomaly', 'key', 'region', 'what happened'], rows);
}

export function table(header: string[], rows: string[]): string {
  const head = header.map((name) => `<th>${h(name)}</th>`).join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
