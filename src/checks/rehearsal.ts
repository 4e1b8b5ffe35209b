// Rehearsal steps as recorded in events.jsonl (docs/checks.md "Rehearsal steps"): each action's
// exit, each probe's attempts and passes, each wait's time, each manual step's confirmation.
// Only the scenario's own events count (source scenario or none), one step id per step.
import type { RehearsalResults, RunEvent } from '../model.js';

export function checkRehearsal(events: readonly RunEvent[]): RehearsalResults {
  const own = events.filter((e) => e.source !== 'manual' && e.source !== 'watchdog');
  const of = (type: RunEvent['type']) => own.filter((e) => e.type === type && e.id !== undefined);
  const ends = new Map(of('action-end').map((e) => [e.id!, e]));
  const actions = of('action-start').map((start) => {
    const end = ends.get(start.id!);
    return {
      step: start.id!,
      exitCode: end?.exitCode ?? null,
      timedOut: end?.timedOut ?? false,
      durationMs: end ? end.time - start.time : null,
      ok: end?.ok === true,
      allowFailure: end?.allowFailure ?? false,
    };
  });
  const probes = new Map<string, RehearsalResults['probes'][number]>();
  for (const e of of('probe')) {
    const p = probes.get(e.id!) ?? { step: e.id!, attempts: 0, passed: 0, alert: false };
    p.attempts += 1;
    if (e.ok === true) p.passed += 1;
    p.alert ||= e.alert === true;
    probes.set(e.id!, p);
  }
  const waits = of('wait-end').map((e) => ({
    step: e.id!,
    condition: e.condition ?? '',
    waitedMs: e.ok === true ? (e.waitedMs ?? null) : null,
  }));
  const manual = of('manual').map((e) => ({
    step: e.id!,
    confirmed: e.confirmed ?? null,
    waitedMs: e.waitedMs ?? null,
  }));
  return { actions, probes: [...probes.values()], waits, manual };
}

/** Actions that failed (non-zero exit, killed at their timeout, or never ended) without
 * allowFailure: each fails the run. */
export function failedActions(r: RehearsalResults): RehearsalResults['actions'] {
  return r.actions.filter((a) => !a.ok && !a.allowFailure);
}
