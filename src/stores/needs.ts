// Which optional contract parts each workload needs. A scenario asking for a part its store
// does not offer is refused before anything starts (src/scenario/store-rules.ts).
import type { ContractParts } from '../model.js';
import type { WorkloadSpec } from '../scenario/types.js';

export interface Need {
  part: keyof ContractParts;
  /** The workload field that creates the need, for the error's file:line. */
  field: 'kind' | 'casRatio';
  why: string;
}

export function workloadNeeds(w: WorkloadSpec): Need[] {
  if (w.kind === 'withdraw' || w.kind === 'counter') {
    const what = w.kind === 'withdraw' ? 'a withdrawal' : 'an increment';
    return [{ part: 'cas', field: 'kind', why: `${what} is a read then a compare-and-set` }];
  }
  if (w.casRatio > 0) {
    return [
      {
        part: 'cas',
        field: 'casRatio',
        why: `casRatio ${w.casRatio} issues compare-and-set operations`,
      },
    ];
  }
  return [];
}
