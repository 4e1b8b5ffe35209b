// report.html's linearizability section: for every illegal key, a timeline of the operations
// around the one that cannot follow the longest linearizable prefix, one row per process, a
// bar from invoke to completion (an unanswered op runs to the right edge, dashed). The op
// that cannot follow is red, the prefix's ops blue, the others grey.
import type { LinCounterexample, LinOpView, Report } from '../../model.js';
import { escapeHtml as h } from './escape.js';

const WIDTH = 1000;
const ROW = 26;
const LEFT = 90;

export function linearizabilitySection(report: Report): string {
  const lin = report.checks.linearizability;
  if (!lin) return '';
  const summary =
    `<p>${lin.ok} of ${lin.keys} register keys linearizable, ${lin.illegal.length} not, ` +
    `${lin.unknown.length} unknown (out of time)${lin.unknown.length > 0 ? `: ${h(lin.unknown.slice(0, 20).join(', '))}` : ''}; ${h(lin.ms)} ms.</p>`;
  const keys = (lin.counterexamples ?? []).slice(0, 20).map(keyTimeline).join('\n');
  return `<h2>Linearizability</h2>\n${summary}\n${keys}`;
}

function keyTimeline(c: LinCounterexample): string {
  const ops = c.window;
  const processes = [...new Set(ops.map((o) => o.process))];
  const start = Math.min(...ops.map((o) => o.invoke));
  const end = Math.max(...ops.map((o) => o.complete ?? o.invoke));
  const span = Math.max(end - start, 1);
  const x = (t: number) => LEFT + ((t - start) / span) * (WIDTH - LEFT - 20);
  const bars = ops.map((o) => bar(o, processes.indexOf(o.process), x, WIDTH - 20));
  const labels = processes.map(
    (p, i) => `<text x="4" y="${i * ROW + 17}" class="lin-proc">${h(p)}</text>`,
  );
  const height = processes.length * ROW + 6;
  const state = c.state === null ? 'null (absent)' : JSON.stringify(c.state);
  return `<section class="chart lin-key" data-key="${h(c.key)}"><h3>key ${h(c.key)}: after ${c.prefixLength} linearized ops the register holds ${h(state)}; the red op cannot follow</h3>
<svg viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-label="operations on key ${h(c.key)}">
${labels.join('\n')}
${bars.join('\n')}
</svg>
<p class="legend-note">red: cannot follow · blue: in the longest linearizable prefix · grey: neither · dashed: never answered · times ${h((start / 1000).toFixed(3))}–${h((end / 1000).toFixed(3))} s</p></section>`;
}

function bar(o: LinOpView, row: number, x: (t: number) => number, right: number): string {
  const x0 = x(o.invoke);
  const x1 = o.complete === null ? right : Math.max(x(o.complete), x0 + 2);
  const y = row * ROW + 4;
  const text = `${o.f} ${o.value === null ? 'null' : JSON.stringify(o.value)}${o.outcome === 'ok' ? '' : ` (${o.outcome})`}`;
  const dashed = o.complete === null ? ' stroke-dasharray="4 3"' : '';
  return `<g class="lin-${o.role}"><title>${h(`${o.process} ${text} [${o.invoke}–${o.complete ?? '∞'} ms]`)}</title><rect x="${x0.toFixed(1)}" y="${y}" width="${(x1 - x0).toFixed(1)}" height="${ROW - 8}" rx="3"${dashed}></rect><text x="${(x0 + 3).toFixed(1)}" y="${y + 13}">${h(text.slice(0, 40))}</text></g>`;
}
