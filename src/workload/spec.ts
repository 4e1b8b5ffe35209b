// What a scenario's `workload` section says. The scenario schema is the single source of
// truth (src/scenario/schema.ts documents each field); the workload reads it as is:
// rate is ops/s in total, open loop; clients are per region; casRatio is a share of all ops;
// a withdrawal takes `amount`; timeoutMs turns an unanswered call into `info`; probeMs 0 = no probes.
import type { WorkloadSpec } from '../scenario/types.js';

export type { WorkloadSpec };
export type WorkloadKind = WorkloadSpec['kind'];

/** Milliseconds since run start, from one monotonic clock shared by the whole run. */
export type Clock = () => number;
