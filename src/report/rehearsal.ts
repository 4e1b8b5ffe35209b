// The rehearsal in words for the terminal: time to detect and mitigate per fault, each
// action's exit, each probe's pass rate, each wait's time, how each manual step was confirmed,
// and an abort. Returns strings; src/cli prints them.
import type { Report } from '../model.js';

const sec = (ms: number | null): string => (ms === null ? 'never' : `${(ms / 1000).toFixed(1)} s`);
const HOW = {
  enter: 'confirmed by Enter',
  auto: 'confirmed automatically (--auto-approve or no terminal)',
  timeout: 'not confirmed before its timeout',
};

export function rehearsalLines(report: Report): string[] {
  const c = report.checks;
  const r = c.rehearsal ?? { actions: [], probes: [], waits: [], manual: [] };
  const hasSteps = r.actions.length + r.probes.length + r.waits.length + r.manual.length > 0;
  const response =
    hasSteps || (c.response ?? []).some((x) => x.detectMs !== null || x.mitigateMs !== null);
  return [
    ...(response ? (c.response ?? []) : []).map(
      (x) =>
        `${x.step} (${x.fault}): detected after ${sec(x.detectMs)}${x.detectedBy ? ` (${x.detectedBy})` : ''}, ` +
        `mitigated after ${sec(x.mitigateMs)}${x.mitigatedBy ? ` (${x.mitigatedBy})` : ''}`,
    ),
    ...r.actions.map(
      (a) =>
        `action ${a.step}: ${a.timedOut ? 'killed at its timeout' : a.exitCode === null ? 'no exit code (killed, or could not start)' : `exit ${a.exitCode}`}` +
        `${a.durationMs === null ? '' : ` after ${sec(a.durationMs)}`}${!a.ok && a.allowFailure ? ' (allowed to fail)' : ''}`,
    ),
    ...r.probes.map(
      (p) =>
        `probe ${p.step}: ${p.passed} of ${p.attempts} attempts passed${p.alert ? ' (alert)' : ''}`,
    ),
    ...r.waits.map(
      (w) =>
        `wait ${w.step} (${w.condition}): ${w.waitedMs === null ? 'timed out' : `met after ${sec(w.waitedMs)}`}`,
    ),
    ...r.manual.map(
      (m) =>
        `manual ${m.step}: ${m.confirmed ? HOW[m.confirmed] : 'no answer'}${m.waitedMs === null ? '' : ` after ${sec(m.waitedMs)}`}`,
    ),
  ];
}

/** "aborted: availability < 50% for 10s at 12.3 s", or undefined. */
export function abortLine(report: Report): string | undefined {
  const a = report.aborted;
  return a && `aborted: ${a.condition} at ${sec(a.atMs)}`;
}
