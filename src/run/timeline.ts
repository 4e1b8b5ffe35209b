// The fault schedule as a pure plan: when (on the run clock) each step starts and ends.
import type { Scenario, ScenarioStep } from '../scenario/index.js';

/** One thing the run must do at a planned time (milliseconds on the run clock). */
export interface TimelineAction {
  at: number;
  kind: 'inject' | 'heal';
  step: ScenarioStep;
}

/** Steps' starts and ends in time order, in batches that begin together: every action of a
 * batch has the same time and kind, so they can be applied at once (two faults planned for
 * the same instant start within a millisecond of each other, not one after the other). At
 * equal times heals go first, so a link is free before the next fault on it starts. The
 * timeline begins when warmup ends. */
export function planTimeline(scenario: Scenario): TimelineAction[][] {
  const actions: TimelineAction[] = scenario.steps.flatMap((step) => [
    { at: scenario.warmupMs + step.atMs, kind: 'inject' as const, step },
    { at: scenario.warmupMs + step.atMs + step.durationMs, kind: 'heal' as const, step },
  ]);
  const order = { heal: 0, inject: 1 };
  actions.sort((a, b) => a.at - b.at || order[a.kind] - order[b.kind]);
  const batches: TimelineAction[][] = [];
  for (const action of actions) {
    const last = batches.at(-1)?.[0];
    if (last && last.at === action.at && last.kind === action.kind) batches.at(-1)!.push(action);
    else batches.push([action]);
  }
  return batches;
}

/** The run clock time at which the timeline ends and the workload stops. */
export function timelineEnd(scenario: Scenario): number {
  return scenario.warmupMs + scenario.durationMs;
}

/** Waits until the run clock reaches `at`; returns early when the run is aborted. Timers may
 * fire a fraction of a millisecond early, so it waits again until the clock has truly passed. */
export async function sleepUntil(
  at: number,
  clock: () => number,
  signal: AbortSignal,
): Promise<void> {
  while (clock() < at && !signal.aborted) {
    await new Promise<void>((resolve) => {
      // setTimeout fires at once beyond 2^31 - 1 ms: a drill's far end is waited for in laps.
      const timer = setTimeout(done, Math.min(2 ** 31 - 1, Math.max(1, Math.ceil(at - clock()))));
      signal.addEventListener('abort', done, { once: true });
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
    });
  }
}
