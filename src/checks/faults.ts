// Fault steps as the run applied them: each fault-start paired with its fault-end by step id,
// whoever caused either (a fault typed by hand during the run is a step like the scenario's;
// its first fault-end counts, be it a manual heal, the watchdog or the run's final heal).
import type { EventSource, FaultKind, Millis, RegionName, RunEvent } from '../model.js';

export interface FaultStep {
  id: string;
  fault: FaultKind | undefined;
  regions: RegionName[];
  params: Record<string, unknown>;
  start: Millis;
  /** The fault-end time, or Infinity when the run never recorded the heal. */
  end: Millis;
  /** Who started it: the scenario, or a person during the run (`gameday fault`). */
  source?: EventSource;
}

export function faultSteps(events: readonly RunEvent[]): FaultStep[] {
  const steps = new Map<string, FaultStep>();
  for (const e of events) {
    if (e.type === 'fault-start' && e.id !== undefined && !steps.has(e.id)) {
      steps.set(e.id, {
        id: e.id,
        fault: e.fault,
        regions: e.regions ?? [],
        params: e.params ?? {},
        start: e.time,
        end: Infinity,
        ...(e.source && { source: e.source }),
      });
    }
    const step = e.id === undefined ? undefined : steps.get(e.id);
    if (e.type === 'fault-end' && step && step.end === Infinity)
      step.end = Math.max(e.time, step.start);
  }
  return [...steps.values()].sort((a, b) => a.start - b.start);
}

export const REGION_FAULTS: readonly string[] = [
  'kill-region',
  'stop-region',
  'pause-region',
  'isolate-region',
];

/** The two region sets a partition separates: params.groups, else [regions[0]] vs the rest. */
export function partitionSides(step: FaultStep): [RegionName[], RegionName[]] {
  const groups = step.params.groups;
  if (Array.isArray(groups) && groups.length >= 2 && groups.every(Array.isArray)) {
    return [groups[0] as RegionName[], (groups.slice(1) as RegionName[][]).flat()];
  }
  return [step.regions.slice(0, 1), step.regions.slice(1)];
}

/** Does this step cut replication (scope replication or both; one-way included)? */
export function cutsReplication(step: FaultStep): boolean {
  if (step.fault !== 'partition') return false;
  const scope = step.params.scope ?? 'both';
  return scope === 'replication' || scope === 'both';
}
