// report.html's retries section: duplicate effects (count, amount, the keys and the logical
// operations behind them, capped) and the fate of the operations in flight at each region fault.
import { EVIDENCE_LIMIT } from '../../checks/evidence.js';
import type { Report } from '../../model.js';
import { escapeHtml as h } from './escape.js';
import { seconds, table } from './sections.js';

/** Keys named in the summary sentence; the rest are counted. */
const KEYS_SHOWN = 20;

export function retriesSection(report: Report): string {
  const parts = [duplicates(report), inFlightTable(report)].filter((p) => p !== '');
  return parts.length === 0 ? '' : `<h2>Retries and in-flight operations</h2>\n${parts.join('\n')}`;
}

/** Nothing when the run had no withdraw or add op retried; the figures, and why, otherwise. */
export function duplicates(report: Report): string {
  const d = report.checks.duplicateEffects;
  if (!d || (d.count === 0 && d.candidates === 0)) return '';
  const keys = d.keys.slice(0, KEYS_SHOWN).map((k) => `<code>${h(k)}</code>`);
  const more = d.keys.length > KEYS_SHOWN ? ` and ${d.keys.length - KEYS_SHOWN} more` : '';
  const summary =
    `<p class="duplicates${d.count > 0 ? ' bad' : ''}"><strong>Duplicate effects:</strong> ` +
    `at least <span class="dup-count">${h(d.count)}</span> logical operations applied more than once, ` +
    `<span class="dup-amount">${h(d.amount)}</span> moved too much` +
    `${keys.length > 0 ? ` (keys ${keys.join(', ')}${h(more)})` : ''}; ` +
    `${h(d.candidates)} logical withdraw/add operations had two or more attempts that may have applied.</p>`;
  const evidence = (d.evidence ?? [])
    .slice(0, EVIDENCE_LIMIT)
    .map((e) => `<li>${h(e.note)}</li>`)
    .join('');
  return summary + (evidence && `<ul class="dup-evidence">${evidence}</ul>`);
}

/** One row per region fault step: what became of the operations in flight at its start. */
export function inFlightTable(report: Report): string {
  const rows = (report.checks.inFlight ?? []).map(
    (f) =>
      `<tr><td>${h(f.step)}</td><td>${h(f.region)}</td><td class="num">${h(f.ops)}</td>` +
      `<td class="num">${h(f.ok)}</td><td class="num">${h(f.fail)}</td><td class="num">${h(f.info)}</td>` +
      `<td class="num">${h(f.succeeded)} of ${h(f.logical)}</td>` +
      `<td class="num">${failover(f.failoverMs)}</td><td class="num">${failover(f.logicalFailoverMs)}</td></tr>`,
  );
  if (rows.length === 0) return '';
  const header = [
    'fault step',
    'region',
    'in flight at start',
    'ok',
    'fail',
    'info',
    'logical ops that succeeded',
    'failover per attempt',
    'failover per logical op',
  ];
  return `<h3>In-flight fate per region fault</h3>${table(header, rows)}`;
}

const failover = (ms: number | null) => (ms === null ? 'never' : seconds(ms));
