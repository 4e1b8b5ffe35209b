// A drill is a run whose timeline is open-ended: the scenario it plays is the one it was given
// (or a plain default) without steps, lasting until `gameday drill stop` or Ctrl-C; the faults,
// heals, routes and marks are what people type meanwhile (recorded by the live-run mechanism).
// `gameday drill stop` asks through a file in .gameday/, so no process is ever signalled.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { BadInputError } from '../errors.js';
import { SLOS } from '../scenario/slo.js';
import { gamedayDir } from '../topology/state.js';
import type { LiveRun } from './live.js';
import { liveRun } from './live.js';

/** The longest a drill may last: the scenario schema's longest duration. */
export const DRILL_DURATION = '24h';

/** What the drill plays when no scenario is given: traffic both direct and through the
 * router, and the SLOs any active-active store is held to. */
const DEFAULT_DRILL = {
  name: 'drill',
  description: 'A hand-run drill: the faults are whatever people typed during it',
  workload: { kind: 'register' },
  slo: { lost_writes: 0, divergence: 0, availability: '>= 95%' },
};

export interface DrillOverrides {
  /** workload.kind, workload.rate (`--workload`, `--rate`). */
  workload?: string;
  rate?: number;
  /** The running topology's regions, when the drill plays on it. */
  regions?: string[];
}

/** The scenario a drill runs, as YAML: `source` (a scenario file's text) or the default, with
 * no steps, the longest duration, and only the SLOs a drill can measure. */
export function drillScenarioText(source: string | undefined, o: DrillOverrides): string {
  const doc = (source === undefined ? structuredClone(DEFAULT_DRILL) : parse(source)) as Record<
    string,
    unknown
  >;
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new BadInputError('the drill scenario is not a YAML mapping', 'pass a scenario file');
  }
  const scripted = Array.isArray(doc.steps) ? doc.steps.length : 0;
  delete doc.steps;
  doc.duration = DRILL_DURATION;
  if (source !== undefined) doc.name = `drill-${String(doc.name ?? 'scenario')}`.slice(0, 60);
  const workload = (doc.workload ??= {}) as Record<string, unknown>;
  if (o.workload !== undefined) workload.kind = o.workload;
  dropUnmeasurable(doc.slo, String(workload.kind ?? 'register'));
  dropProbeAborts(doc);
  if (o.rate !== undefined) workload.rate = o.rate;
  if (o.regions) {
    const topology = (doc.topology ??= {}) as Record<string, unknown>;
    topology.regions = o.regions;
  }
  const note = [
    '# gameday drill: open-ended (it ran until `gameday drill stop`, at most 24h); the faults,',
    '# heals, routes and marks typed during it are in events.jsonl.',
    ...(scripted > 0 ? [`# The scenario's ${scripted} scripted steps were not played.`] : []),
  ];
  return `${note.join('\n')}\n${stringify(doc)}`;
}

/** SLOs of the scripted steps a drill drops: probe_/wait_/action_<id> name a step it does not
 * play. failover_time and the response times stay: they are judged on the faults typed. */
const STEP_SLO = /^(probe|wait|action)_.+$/;

/** The SLOs a drill cannot measure: those of its dropped steps, and those of another workload
 * kind (`--workload` changed it). */
function dropUnmeasurable(slo: unknown, kind: string): void {
  if (!slo || typeof slo !== 'object') return;
  const targets = slo as Record<string, unknown>;
  for (const name of Object.keys(targets)) {
    if (STEP_SLO.test(name)) delete targets[name];
    const workloads = (SLOS as Record<string, { workloads?: readonly string[] }>)[name]?.workloads;
    if (workloads && !workloads.includes(kind)) delete targets[name];
  }
}

/** Abort conditions watching a probe step the drill dropped; availability conditions stay. */
function dropProbeAborts(doc: Record<string, unknown>): void {
  if (!Array.isArray(doc.abort)) return;
  doc.abort = doc.abort.filter((c: unknown) => !(c && typeof c === 'object' && 'probe' in c));
  if ((doc.abort as unknown[]).length === 0) delete doc.abort;
}

const stopFile = (root: string) => join(gamedayDir(root), 'drill.stop');

/** Asks the live drill in root to end its timeline; returns that drill. */
export function requestDrillStop(root: string): LiveRun {
  const run = liveRun(root);
  if (!run) {
    throw new BadInputError(
      `no drill is live in ${root}`,
      'start one with `gameday drill` (same --state-dir), then stop it from another terminal',
    );
  }
  if (!run.drill) {
    throw new BadInputError(
      `the live run in ${root} is a \`gameday run\` (pid ${run.pid}), not a drill`,
      'a run ends at its scenario duration; Ctrl-C in its terminal interrupts it',
    );
  }
  writeFileSync(stopFile(root), `${run.pid}\n`);
  return run;
}

/** True once `gameday drill stop` asked the drill of this process to end. */
export function drillStopRequested(root: string): boolean {
  try {
    return readFileSync(stopFile(root), 'utf8').trim() === String(process.pid);
  } catch {
    return false;
  }
}

export function clearDrillStop(root: string): void {
  if (existsSync(stopFile(root))) rmSync(stopFile(root), { force: true });
}
