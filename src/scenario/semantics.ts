// Checks the schema cannot express: names that must refer to each other, times that must fit,
// faults that cannot be in force together, SLOs the workload cannot measure.
import { formatMs } from './duration.js';
import { LIMITS } from './limits.js';
import { faultConflicts, ONE_REGION_FAULTS } from './overlap.js';
import type { FieldPath, PathProblem } from './problems.js';
import { isFault } from './normalize.js';
import { checkRehearsal } from './rehearsal-rules.js';
import type { ScenarioFile } from './schema.js';
import { checkSlos } from './slo-rules.js';
import { checkStore } from './store-rules.js';
import { didYouMean } from './suggest.js';
import type { ParseOptions, Scenario, ScenarioStep } from './types.js';

export function checkSemantics(
  file: ScenarioFile,
  scenario: Scenario,
  opts: ParseOptions = {},
): PathProblem[] {
  // scenario.steps[j] (faults) and scenario.rehearsal[j] are the file's steps[faultAt[j]] and
  // steps[rehearsalAt[j]]: problems name the file's index.
  const faultAt = file.steps.flatMap((step, i) => (isFault(step) ? [i] : []));
  const rehearsalAt = file.steps.flatMap((step, i) => (isFault(step) ? [] : [i]));
  const toFile = (p: PathProblem): PathProblem =>
    p.path[0] === 'steps' && typeof p.path[1] === 'number'
      ? { ...p, path: ['steps', faultAt[p.path[1]]!, ...p.path.slice(2)] }
      : p;
  const ids = [...scenario.steps, ...scenario.rehearsal].map((s) => s.id);
  const idAt = [...faultAt, ...rehearsalAt];
  return [
    ...positiveDurations(scenario).map(toFile),
    ...duplicates(scenario.topology.regions, ['topology', 'regions'], 'region'),
    ...duplicates(ids, ['steps'], 'step id').map((p) => ({
      ...p,
      path: ['steps', idAt[p.path[1] as number]!, 'id'],
    })),
    ...scenario.steps.flatMap((step, i) => checkStep(file, scenario, step, i).map(toFile)),
    ...faultConflicts(scenario.steps, scenario.topology.regions).map((c) => ({
      path: ['steps', faultAt[c.index]!],
      message: c.message,
    })),
    ...checkRehearsal(file, scenario, rehearsalAt),
    ...workloadMix(scenario),
    ...checkStore(file, scenario),
    ...checkSlos(scenario, opts),
  ];
}

function positiveDurations(s: Scenario): PathProblem[] {
  const fields: [FieldPath, number][] = [
    [['duration'], s.durationMs],
    [['workload', 'timeout'], s.workload.timeoutMs],
    [['topology', 'router', 'inter'], s.topology.router.interMs],
    [['topology', 'router', 'timeout'], s.topology.router.timeoutMs],
    ...s.steps.map((step, i): [FieldPath, number] => [['steps', i, 'duration'], step.durationMs]),
  ];
  const problems: PathProblem[] = fields
    .filter(([, ms]) => ms <= 0)
    .map(([path]) => ({ path, message: 'must be greater than 0' }));
  const probeMs = s.workload.probeMs;
  if (probeMs > 0 && probeMs < LIMITS.minProbeMs) {
    problems.push({
      path: ['workload', 'probe'],
      message: `must be 0 (no probes) or at least ${LIMITS.minProbeMs}ms`,
    });
  }
  return problems;
}

function duplicates(names: string[], path: FieldPath, what: string): PathProblem[] {
  return names.flatMap((name, i) =>
    names.indexOf(name) < i
      ? [{ path: [...path, i], message: `${what} \`${name}\` appears twice` }]
      : [],
  );
}

function checkStep(file: ScenarioFile, s: Scenario, step: ScenarioStep, i: number): PathProblem[] {
  const raw = file.steps.filter(isFault)[i]!;
  const problems = [...stepRegions(raw, s.topology.regions, step, i), ...stepTiming(s, step, i)];
  if (step.params.oneway && step.params.scope !== 'replication') {
    problems.push({
      path: ['steps', i, 'oneway'],
      message: 'oneway applies to replication links only (scope: replication)',
    });
  }
  return problems;
}

function stepRegions(
  raw: Extract<ScenarioFile['steps'][number], { fault: string }>,
  known: string[],
  step: ScenarioStep,
  i: number,
): PathProblem[] {
  const field = 'region' in raw && raw.region !== undefined ? 'region' : 'regions';
  if (ONE_REGION_FAULTS.has(step.fault) && step.regions.length !== 1) {
    const message =
      step.regions.length === 0
        ? 'missing the region: add `region: eu`'
        : 'give `region` or `regions`, not both';
    return [{ path: ['steps', i], message }];
  }
  const problems: PathProblem[] = step.regions.flatMap((region, j) =>
    known.includes(region)
      ? []
      : [
          {
            path: field === 'region' ? ['steps', i, 'region'] : ['steps', i, 'regions', j],
            message: `unknown region \`${region}\`${didYouMean(region, known)}; topology.regions is [${known.join(', ')}]`,
          },
        ],
  );
  if (step.regions.length === 2 && step.regions[0] === step.regions[1]) {
    problems.push({ path: ['steps', i, 'regions'], message: 'a link joins two different regions' });
  }
  return problems;
}

function stepTiming(s: Scenario, step: ScenarioStep, i: number): PathProblem[] {
  const end = step.atMs + step.durationMs;
  if (step.atMs >= s.durationMs) {
    return [
      {
        path: ['steps', i, 'at'],
        message: `starts at ${formatMs(step.atMs)}, not before the scenario's duration (${formatMs(s.durationMs)}) ends`,
      },
    ];
  }
  if (end > s.durationMs) {
    return [
      {
        path: ['steps', i, 'duration'],
        message: `ends at ${formatMs(end)}, after the scenario's duration (${formatMs(s.durationMs)}); shorten it or raise duration`,
      },
    ];
  }
  return [];
}

function workloadMix(s: Scenario): PathProblem[] {
  const w = s.workload;
  const problems: PathProblem[] = [];
  if (w.kind === 'register' && w.readRatio + w.casRatio > 1) {
    problems.push({
      path: ['workload', 'casRatio'],
      message: `readRatio + casRatio must be at most 1, got ${w.readRatio + w.casRatio}`,
    });
  }
  if (w.clients + w.routerClients === 0) {
    problems.push({
      path: ['workload'],
      message: 'no clients: set clients or routerClients above 0',
    });
  }
  return problems;
}
