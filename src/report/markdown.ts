// `gameday report RUN_DIR --format md`: the run as a Markdown timeline to paste into a
// postmortem: every event (faults, heals, routes, marks, rehearsal steps) on the scenario clock
// with who caused it, detection and mitigation, failover, and the SLO table. It only formats
// figures the checks computed (report.json) and events as recorded.
import type { Report, RunEvent } from '../model.js';
import { formatMeasured, routeText } from './format.js';

export interface MarkdownInput {
  report: Report;
  events: RunEvent[];
  /** The scenario's name, or the run directory's. */
  title: string;
}

export function markdownReport({ report, events, title }: MarkdownInput): string {
  const zero = events.find((e) => e.phase === 'faults')?.time ?? 0;
  return [
    `# Game day: ${cell(title)}`,
    '',
    ...runLines(report),
    `Times are seconds on the scenario clock (t = 0 when the fault timeline began).`,
    '',
    '## Timeline',
    '',
    table(
      ['time', 'what', 'by'],
      // File order is append order; a `converged` line is written after its time.
      [...events]
        .sort((a, b) => a.time - b.time)
        .map((e) => [at(e.time - zero), eventText(e), by(e)]),
    ),
    '',
    '## Detection and mitigation',
    '',
    ...responseLines(report, events, zero),
    '',
    '## SLOs',
    '',
    table(
      ['SLO', 'target', 'measured', 'verdict'],
      report.slos.map((s) => [
        s.name,
        cell(s.target),
        formatMeasured(s.name, s.measured),
        s.pass ? 'pass' : '**FAIL**',
      ]),
    ),
    '',
  ].join('\n');
}

function runLines(report: Report): string[] {
  const r = report.run ?? {};
  const parts = [
    r.startedAt && `started ${r.startedAt}`,
    r.durationMs !== undefined && `lasted ${at(r.durationMs)}`,
    r.driver && `${r.driver} driver`,
    r.seed !== undefined && `seed ${r.seed}`,
  ].filter(Boolean);
  const verdict = `Verdict: **${report.verdict === 'pass' ? 'PASS' : 'FAIL'}**`;
  return [`${verdict}${parts.length ? ` (${parts.join(', ')})` : ''}.`, ''];
}

const PHASES: Record<string, string> = {
  warmup: 'traffic starts (warmup)',
  faults: 'fault timeline begins',
  heal: 'timeline ends: gameday heals what is still in force',
  settle: 'settling: waiting for the regions to agree',
  done: 'final state read',
  'topology-failed': 'a part of the topology failed on its own',
};

function eventText(e: RunEvent): string {
  const fault = () => `${e.fault ?? ''} ${(e.regions ?? []).join(' ')}${params(e)}`.trim();
  switch (e.type) {
    case 'phase':
      if (e.phase === 'converged') return `regions converged after \`${cell(e.id ?? '')}\` healed`;
      return PHASES[e.phase ?? ''] ?? `phase ${cell(e.phase ?? '')}`;
    case 'fault-start':
      return `fault \`${cell(e.id ?? '')}\`: ${cell(fault())}`;
    case 'fault-end':
      return `healed \`${cell(e.id ?? '')}\` (${cell(fault())})`;
    case 'mark':
      return `**${e.kind ?? 'note'}**: ${cell(e.text ?? '')}`;
    case 'route':
      return `route: ${cell(routeText(e))}`;
    default:
      // Rehearsal steps (action, probe, wait, manual, abort): what the event says of itself.
      return cell(
        [e.type, e.id && `\`${e.id}\``, e.text, params(e).trim()].filter(Boolean).join(' '),
      );
  }
}

function params(e: RunEvent): string {
  const p = e.params ?? {};
  return Object.keys(p).length ? ` ${JSON.stringify(p)}` : '';
}

function by(e: RunEvent): string {
  if (e.source === 'manual') return 'by hand';
  if (e.source === 'watchdog') return 'watchdog';
  return e.type === 'phase' ? 'gameday' : 'scenario';
}

/** Marks of kind detected/mitigated as recorded, the checks' time to detect and mitigate when
 * this gameday computes them (`checks.response`), and failover per region fault. */
function responseLines(report: Report, events: RunEvent[], zero: number): string[] {
  const lines: string[] = [];
  const marks = events.filter((e) => e.type === 'mark' && e.kind !== 'note');
  for (const m of marks) lines.push(`- ${m.kind} at ${at(m.time - zero)}: ${cell(m.text ?? '')}`);
  if (marks.length === 0) lines.push('- nobody marked `detected` or `mitigated` (`gameday mark`)');
  const response = (report.checks as Record<string, unknown>).response;
  if (Array.isArray(response) && response.length > 0) {
    const rows = response as Record<string, unknown>[];
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    lines.push(
      '',
      table(
        columns,
        rows.map((r) => columns.map((c) => figure(c, r[c]))),
      ),
    );
  } else {
    lines.push('- time to detect / time to mitigate: not computed for this run');
  }
  const failover = report.checks.failover;
  if (failover.length > 0) {
    lines.push(
      '',
      table(
        ['fault', 'region', 'detection', 'failover', 'errors'],
        failover.map((f) => [
          f.step,
          f.region,
          f.detectionMs === null ? 'none' : at(f.detectionMs),
          f.failoverMs === null ? 'never' : at(f.failoverMs),
          String(f.errors),
        ]),
      ),
    );
  }
  return lines;
}

function figure(column: string, value: unknown): string {
  if (typeof value === 'number' && /Ms$/.test(column)) return at(value);
  return cell(value === null || value === undefined ? '-' : String(value));
}

function at(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Text safe in a table cell: no pipe, no line break, no HTML. */
function cell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ')
    .replace(/</g, '&lt;');
}

function table(head: string[], rows: string[][]): string {
  if (rows.length === 0) return '_none_';
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}
