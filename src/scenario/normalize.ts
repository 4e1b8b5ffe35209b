// From the file's shape (validated by the schema) to the Scenario the run uses: milliseconds,
// step ids, one `regions` list per step, fault parameters gathered in `params`.
import { resolve } from 'node:path';
import type { FaultKind } from '../model.js';
import { durationMs } from './duration.js';
import { normalizeStore } from './store-rules.js';
import type { ScenarioFile } from './schema.js';
import { normalizeAbort, normalizeRehearsal } from './rehearsal-normalize.js';
import type { RehearsalStepFile } from './rehearsal-schema.js';
import type { StepFile } from './steps-schema.js';
import type { FaultParams, Scenario, ScenarioStep } from './types.js';

const STEP_FIELDS = new Set(['fault', 'id', 'at', 'duration', 'region', 'regions']);

/** `dir`: the scenario file's directory, where a command store's processes start. */
export function normalize(file: ScenarioFile, dir?: string): Scenario {
  const { topology, workload } = file;
  return {
    name: file.name,
    description: file.description,
    durationMs: durationMs(file.duration),
    warmupMs: durationMs(file.warmup),
    settleMs: durationMs(file.settle),
    topology: {
      regions: topology.regions,
      store: normalizeStore(topology.store, topology.regions, dir),
      router: {
        interMs: durationMs(topology.router.inter),
        fall: topology.router.fall,
        rise: topology.router.rise,
        timeoutMs: durationMs(topology.router.timeout),
      },
      ...(topology.compose && {
        // An empty file is filled in by --compose FILE (the driver refuses it when still empty).
        compose: { ...topology.compose, file: resolveFrom(dir, topology.compose.file) },
      }),
      ...(topology.engines && { engines: topology.engines }),
    },
    workload: {
      ...withoutKeys(workload, ['timeout', 'probe']),
      timeoutMs: durationMs(workload.timeout),
      probeMs: durationMs(workload.probe),
    },
    // Ids default to s<n> by position in the file, faults and rehearsal steps alike.
    steps: file.steps.flatMap((step, i) => (isFault(step) ? [normalizeStep(step, i)] : [])),
    rehearsal: file.steps.flatMap((step, i) =>
      isFault(step) ? [] : [normalizeRehearsal(step, step.id ?? `s${i + 1}`, resolve(dir ?? '.'))],
    ),
    abort: (file.abort ?? []).map(normalizeAbort),
    slo: withoutUndefined(file.slo),
  };
}

/** A fault step (`fault:`), not a rehearsal step (`step:`). */
export function isFault(step: StepFile | RehearsalStepFile): step is StepFile {
  return 'fault' in step;
}

function resolveFrom(dir: string | undefined, file: string | undefined): string {
  return file === undefined ? '' : resolve(dir ?? '.', file);
}

function normalizeStep(step: StepFile, index: number): ScenarioStep {
  const regionField = 'region' in step && step.region !== undefined ? [step.region] : [];
  const params = Object.fromEntries(Object.entries(step).filter(([k]) => !STEP_FIELDS.has(k)));
  return {
    id: step.id ?? `s${index + 1}`,
    atMs: durationMs(step.at),
    durationMs: durationMs(step.duration),
    fault: step.fault as FaultKind,
    regions: [...regionField, ...(step.regions ?? [])],
    params: params as FaultParams,
  };
}

function withoutKeys<T extends object, K extends keyof T>(value: T, keys: K[]): Omit<T, K> {
  const copy = { ...value };
  for (const key of keys) delete copy[key];
  return copy;
}

function withoutUndefined<V>(record: Record<string, V | undefined>): Record<string, V> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as Record<
    string,
    V
  >;
}
