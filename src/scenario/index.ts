// The scenario stage's public face: load a file, get a Scenario (or a ScenarioError, exit 2).
export { loadScenario, parseScenario } from './loader.js';
export { ScenarioError, formatProblem, type Problem } from './problems.js';
export { scenarioSchema } from './schema.js';
export { SLOS, SLO_NAMES, type SloName } from './slo.js';
export { resolveTarget, type ResolvedTarget, type Comparison } from './slo-target.js';
export { formatMs } from './duration.js';
export type { Scenario, ScenarioStep, FaultParams, StoreSpec, WorkloadSpec } from './types.js';
