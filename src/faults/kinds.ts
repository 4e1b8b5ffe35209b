// Each fault kind's module, loaded when that kind is asked for: `gameday fault partition`
// loads the partition kind, not all ten (index.ts's registry loads them all, for scenarios).
import type { FaultKind } from '../model.js';
import type { Fault } from './types.js';

const KINDS: Record<FaultKind, () => Promise<Fault>> = {
  partition: async () => (await import('./partition.js')).partition,
  latency: async () => (await import('./latency.js')).latency,
  bandwidth: async () => (await import('./bandwidth.js')).bandwidth,
  flaky: async () => (await import('./flaky.js')).flaky,
  'slow-close': async () => (await import('./slow-close.js')).slowClose,
  'kill-region': async () => (await import('./kill-region.js')).killRegion,
  'stop-region': async () => (await import('./stop-region.js')).stopRegion,
  'pause-region': async () => (await import('./pause-region.js')).pauseRegion,
  'isolate-region': async () => (await import('./isolate-region.js')).isolateRegion,
  'clock-skew': async () => (await import('./clock-skew.js')).clockSkew,
};

/** The kind's Fault; `kind` is one of FAULT_KINDS (the CLI checked it). */
export const loadFault = (kind: FaultKind): Promise<Fault> => KINDS[kind]();
