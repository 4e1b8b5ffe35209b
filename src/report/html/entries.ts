// The per-entry and per-phase tables: availability and latency of each entry (the router, each
// region's direct clients), and per phase availability and which region answered the router.
import type { Report } from '../../model.js';
import { escapeHtml as h } from './escape.js';
import { seconds, table } from './sections.js';

const pct = (x: number | null | undefined): string =>
  x === null || x === undefined ? '—' : `${Number((x * 100).toFixed(2))}%`;
const ms = (x: number | undefined): string =>
  x === undefined ? '—' : `${Number(x.toFixed(1))} ms`;

/** One row per entry: availability, then p50/p95/p99 of its ok operations. */
export function entryTable(report: Report): string {
  const { availability, latency } = report.checks;
  const names = Object.keys(availability.byEntry).sort(byEntryOrder);
  if (names.length === 0) return '';
  const rows = names.map((name) => {
    const l = latency.byEntry[name];
    return (
      `<tr><td>${h(name === 'router' ? 'router (global entry)' : `${name} (direct)`)}</td>` +
      `<td class="num">${pct(availability.byEntry[name])}</td><td class="num">${ms(l?.p50)}</td>` +
      `<td class="num">${ms(l?.p95)}</td><td class="num">${ms(l?.p99)}</td></tr>`
    );
  });
  return table(['entry', 'availability', 'p50', 'p95', 'p99'], rows);
}

/** One row per phase: its span, availability per entry, and the router's traffic split. */
export function phaseTable(report: Report): string {
  const { availability, trafficDistribution } = report.checks;
  if (availability.byPhase.length === 0) return '';
  const entries = [...new Set(availability.byPhase.flatMap((p) => Object.keys(p.byEntry)))].sort(
    byEntryOrder,
  );
  const rows = availability.byPhase.map((p, i) => {
    const traffic = trafficDistribution.byPhase[i];
    const split =
      traffic && traffic.skew !== null
        ? Object.entries(traffic.shares)
            .map(([r, share]) => `${r} ${pct(share)} (expected ${pct(traffic.expected[r])})`)
            .join(', ')
        : '—';
    return (
      `<tr><td>${h(p.phase)}</td><td class="num">${seconds(p.startMs)} – ${seconds(p.endMs)}</td>` +
      entries.map((e) => `<td class="num">${pct(p.byEntry[e])}</td>`).join('') +
      `<td>${h(split)}</td><td class="num">${pct(traffic?.skew)}</td></tr>`
    );
  });
  const header = ['phase', 'span', ...entries.map((e) => `${e} availability`)];
  return table([...header, 'router traffic answered by', 'skew'], rows);
}

/** The router first, then regions by name. */
function byEntryOrder(a: string, b: string): number {
  if (a === 'router' || b === 'router') return a === 'router' ? (b === 'router' ? 0 : -1) : 1;
  return a.localeCompare(b);
}
