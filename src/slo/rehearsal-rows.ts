// Rows no SLO declares but a rehearsal can break: the run aborted on a scenario condition, or
// an action failed without allowFailure. Each fails the run (exit 1) in every report.
import type { RehearsalResults, Report, RunEvent, SloVerdict } from '../model.js';

/** The first `abort` event as report.json `aborted`, or undefined. */
export function abortOf(events: readonly RunEvent[]): Report['aborted'] {
  const abort = events.find((e) => e.type === 'abort');
  return abort && { condition: abort.condition ?? 'abort', atMs: abort.time };
}

export function rehearsalRows(
  rehearsal: RehearsalResults | undefined,
  aborted: Report['aborted'],
): SloVerdict[] {
  const rows: SloVerdict[] = [];
  if (aborted) {
    const at = `${(aborted.atMs / 1000).toFixed(1)} s`;
    rows.push({
      name: 'aborted',
      target: 'no abort',
      measured: `${aborted.condition} at ${at}`,
      pass: false,
      evidence: [`aborted: ${aborted.condition} at ${at}`],
    });
  }
  for (const a of rehearsal?.actions ?? []) {
    if (a.ok || a.allowFailure) continue;
    const measured = a.timedOut
      ? 'timed out'
      : a.exitCode === null
        ? 'no exit code (killed, or could not start)'
        : `exit ${a.exitCode}`;
    rows.push({ name: `action_${a.step}`, target: 'exit 0', measured, pass: false });
  }
  return rows;
}
