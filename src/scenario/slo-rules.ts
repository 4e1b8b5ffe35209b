// SLOs that cannot be measured by this scenario: a unit that does not fit, a workload that never
// produces the operations, a failover target with no region fault or no router clients.
import { REGION_FAULTS } from './overlap.js';
import type { PathProblem } from './problems.js';
import { SLOS, type SloName } from './slo.js';
import { resolveTarget } from './slo-target.js';
import type { Scenario } from './types.js';

export function checkSlos(s: Scenario): PathProblem[] {
  return Object.entries(s.slo).flatMap(([name, target]) => {
    if (typeof target === 'object') return regionProblems(name as SloName, target, s);
    const reason = unitProblem(name as SloName, target) ?? measurability(name as SloName, s);
    return reason ? [{ path: ['slo', name], message: reason }] : [];
  });
}

/** A per-region SLO (`availability_region: { eu: '>= 50%' }`): each region's target. */
function regionProblems(
  name: SloName,
  targets: Record<string, string | number | true>,
  s: Scenario,
): PathProblem[] {
  return Object.entries(targets).flatMap(([region, target]) => {
    const reason =
      unitProblem(name, target) ??
      (!s.topology.regions.includes(region)
        ? `${region} is not a region of this topology (${s.topology.regions.join(', ')})`
        : s.workload.clients === 0
          ? `${name} is measured on each region's direct clients: set workload.clients above 0`
          : undefined);
    return reason ? [{ path: ['slo', name, region], message: reason }] : [];
  });
}

function unitProblem(name: SloName, target: string | number | true): string | undefined {
  try {
    resolveTarget(name, target);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

function measurability(name: SloName, s: Scenario): string | undefined {
  const workloads: readonly string[] | undefined = (SLOS[name] as { workloads?: readonly string[] })
    .workloads;
  if (workloads && !workloads.includes(s.workload.kind)) {
    return `${name} is measured on a ${workloads.join(' or ')} workload, but workload.kind is ${s.workload.kind}`;
  }
  if (name === 'failover_time' && !s.steps.some((step) => REGION_FAULTS.has(step.fault))) {
    return 'failover_time needs a kill-region, stop-region, pause-region or isolate-region step';
  }
  if (name === 'failover_time' && s.workload.routerClients === 0) {
    return 'failover_time is measured on router clients: set workload.routerClients above 0';
  }
  if (name === 'traffic_skew' && s.workload.routerClients === 0) {
    return 'traffic_skew is measured on router clients: set workload.routerClients above 0';
  }
  if (name.startsWith('replication_lag_') && s.workload.probeMs === 0) {
    return `${name} is measured by probes: set workload.probe above 0`;
  }
  return undefined;
}
