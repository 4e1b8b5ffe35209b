// SLOs that cannot be measured by this scenario: a unit that does not fit, a workload that never
// produces the operations, a failover target with no region fault or no router clients.
import { REGION_FAULTS } from './overlap.js';
import type { PathProblem } from './problems.js';
import { FAULT_SLOS, SLOS, stepSloOf, type SloName } from './slo.js';
import { resolveTarget } from './slo-target.js';
import type { ParseOptions, Scenario } from './types.js';

export function checkSlos(s: Scenario, opts: ParseOptions = {}): PathProblem[] {
  return Object.entries(s.slo).flatMap(([name, target]) => {
    if (!Object.hasOwn(SLOS, name)) {
      // A name matching neither is an unknown field, reported by ./keys.ts.
      if (!stepSloOf(name)) return [];
      const reason = stepSloProblem(name, s);
      if (reason) return [{ path: ['slo', name], message: reason, at: 'key' as const }];
      if (typeof target === 'object')
        return [{ path: ['slo', name], message: 'expected a target such as ">= 99%"' }];
    }
    if (typeof target === 'object') return regionProblems(name as SloName, target, s);
    const reason = unitProblem(name as SloName, target) ?? measurability(name as SloName, s, opts);
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

/** An SLO name outside the fixed list: probe_<id> or wait_<id> of a step of that kind. */
function stepSloProblem(name: string, s: Scenario): string | undefined {
  const step = stepSloOf(name);
  if (!step) return undefined;
  const ids = s.rehearsal.filter((r) => r.step === step.kind).map((r) => r.id);
  if (ids.includes(step.id)) return undefined;
  const list = ids.length > 0 ? ids.join(', ') : 'none';
  return `${name} names no ${step.kind} step \`${step.id}\` (${step.kind} steps: ${list})`;
}

function unitProblem(name: string, target: string | number | true): string | undefined {
  try {
    resolveTarget(name, target);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

function measurability(name: SloName, s: Scenario, opts: ParseOptions): string | undefined {
  if (!Object.hasOwn(SLOS, name)) return undefined;
  const workloads: readonly string[] | undefined = (SLOS[name] as { workloads?: readonly string[] })
    .workloads;
  if (workloads && !workloads.includes(s.workload.kind)) {
    return `${name} is measured on a ${workloads.join(' or ')} workload, but workload.kind is ${s.workload.kind}`;
  }
  // A drill's faults are typed during it: whether one fits is known at its verdict.
  const typed = opts.drill === true && FAULT_SLOS.includes(name);
  const step = typed ? undefined : faultStepProblem(name, s);
  if (step) return step;
  if ((name === 'failover_time' || name === 'traffic_skew') && s.workload.routerClients === 0) {
    return `${name} is measured on router clients: set workload.routerClients above 0`;
  }
  if (name.startsWith('replication_lag_') && s.workload.probeMs === 0) {
    return `${name} is measured by probes: set workload.probe above 0`;
  }
  return undefined;
}

/** An SLO judged on fault steps in a scenario without the step it needs. */
function faultStepProblem(name: SloName, s: Scenario): string | undefined {
  if (name === 'failover_time' && !s.steps.some((step) => REGION_FAULTS.has(step.fault))) {
    return 'failover_time needs a kill-region, stop-region, pause-region or isolate-region step';
  }
  if (s.steps.length > 0) return undefined;
  if (name === 'time_to_detect' || name === 'time_to_mitigate') {
    return `${name} is measured from a fault's start: add a fault step`;
  }
  if (name === 'convergence_time')
    return "convergence_time is measured from a fault's heal: add a fault step";
  return undefined;
}
