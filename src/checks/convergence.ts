// Convergence time: for each healed step, the runner's `phase: converged` event for that step
// minus the step's fault-end time. A healed step without that event is unconverged.
import type { Report, RunEvent } from '../model.js';
import type { FaultStep } from './faults.js';
import { roundMs } from './stats.js';

type Result = Report['checks']['convergence'];

export function checkConvergence(steps: readonly FaultStep[], events: readonly RunEvent[]): Result {
  const converged = new Map<string, number>();
  for (const e of events) {
    if (
      e.type === 'phase' &&
      e.phase === 'converged' &&
      e.id !== undefined &&
      !converged.has(e.id)
    ) {
      converged.set(e.id, e.time);
    }
  }
  const healed = steps.filter((s) => Number.isFinite(s.end));
  const perStep = healed.map((s) => {
    const at = converged.get(s.id);
    return { step: s.id, convergedMs: at === undefined ? null : roundMs(Math.max(0, at - s.end)) };
  });
  const times = perStep.flatMap((s) => (s.convergedMs === null ? [] : [s.convergedMs]));
  return {
    maxMs: times.length === 0 ? 0 : Math.max(...times),
    unconverged: perStep.length - times.length,
    steps: perStep,
  };
}
