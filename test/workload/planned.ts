// The invokes a seed's plan names, and how a recorded history matches them. A due op whose
// planned client is still busy is dropped (never handed to another client), so a recorded
// run is the plan with some ops left out: a subsequence, in order, never a reordering.
import type { HistoryEvent } from '../../src/model.js';
import type { WorkloadSpec } from '../../src/scenario/types.js';
import { clientGroups, clientName, opPlanner } from '../../src/workload/plan.js';
import { seededRng } from '../../src/workload/rng.js';

/** The first invoke of each of the plan's first n ops, as `process f key value` (a cas
 * starts with its read). */
export function plannedInvokes(
  spec: WorkloadSpec,
  regions: string[],
  seed: number,
  n: number,
): string[] {
  const next = opPlanner(spec, clientGroups(spec, regions), seededRng(seed));
  return Array.from({ length: n }, () => {
    const op = next();
    const process = clientName(op.group, op.client);
    if (op.f === 'read' || op.f === 'cas') return `${process} read ${op.key} null`;
    const value =
      op.f === 'write'
        ? `${process}:${op.seq}`
        : op.f === 'add'
          ? op.amount
          : { amount: op.amount };
    return `${process} ${op.f} ${op.key} ${JSON.stringify(value)}`;
  });
}

/** The recorded invokes of planned ops (no probes, no cas after its read), in order. */
export function recordedInvokes(history: HistoryEvent[]): string[] {
  return history
    .filter((e) => e.type === 'invoke' && e.f !== 'cas' && !e.key.startsWith('probe:'))
    .map((e) => `${e.process} ${e.f} ${e.key} ${JSON.stringify(e.value)}`);
}

/** Plan positions of the recorded invokes, matched in order; undefined for one the plan does
 * not name at that point (another process, key, value or function). */
export function planPositions(recorded: string[], plan: string[]): (number | undefined)[] {
  let at = 0;
  return recorded.map((line) => {
    const found = plan.indexOf(line, at);
    if (found < 0) return undefined;
    at = found + 1;
    return found;
  });
}
