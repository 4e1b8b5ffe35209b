// A run with no workload operations measured nothing, so it cannot pass: whatever SLOs it
// declares (availability reads 100 % of nothing), one `operations` row fails it (exit 1).
import type { SloVerdict } from '../model.js';

export const NO_OPERATIONS =
  'history.jsonl holds no workload operation (probe: keys aside): nothing was measured';

/** The `operations` verdict row when the history has no workload operation; none otherwise. */
export function emptyRunRows(workloadOps: number): SloVerdict[] {
  if (workloadOps > 0) return [];
  return [
    { name: 'operations', target: '> 0', measured: 0, pass: false, evidence: [NO_OPERATIONS] },
  ];
}
