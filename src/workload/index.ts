// What the run orchestrator uses from the workload stage.
export {
  startWorkload,
  PROBES_GROUP,
  type RunningWorkload,
  type StartWorkloadOptions,
} from './workload.js';
export { setupWorkload, initialValues, type SetupOptions } from './setup.js';
export { HistoryRecorder, DiscardingRecorder, type HistorySink } from './recorder.js';
export type { WorkloadSpec, WorkloadKind, Clock } from './spec.js';
export type { WorkloadStats, GroupStats } from './stats.js';
export { probeKey } from './probes.js';
export { workloadKeys } from './keys.js';
