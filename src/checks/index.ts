// The checks' public face: `checkRunDir` for a run directory, `evaluate` for in-memory data
// (the run orchestrator's path). Both return the report.json object of DESIGN.md section 7.
import { join } from 'node:path';
import { BadInputError } from '../errors.js';
import { toOps, type Op } from '../history/ops.js';
import type { OpSource } from '../history/table.js';
import { readRunFiles, readYamlDoc } from '../history/rundir.js';
import { aliasOf, readImportNote } from '../history/import-note.js';
import { readRunInfo } from '../history/run-info.js';
import { toHistoryEvent } from '../history/validate.js';
import type { FinalState, HistoryEvent, Report, RunEvent, StoreCounters } from '../model.js';
import { emptyRunRows } from '../slo/empty.js';
import { abortOf, rehearsalRows } from '../slo/rehearsal-rows.js';
import { availabilityTarget, judgeSlos, parseSlos } from '../slo/verdicts.js';
import { keyInput, runAllChecks, type CheckInput } from './all.js';
import { readWithinBudget } from './batches.js';
import { faultSteps } from './faults.js';
import { keyChecks, KeyPass } from './key-pass.js';
import { checkKeysOnThreads } from './key-threads.js';
import { WholeRun } from './whole-run.js';
import { DEFAULT_LIN_BUDGET, type LinearizabilityBudget } from './linearizable/index.js';
import type { ValueAlias } from './linearizable/model.js';
import { scenarioClock, shiftEvents, shiftOps } from './clock.js';

/** topology.regions' default in the scenario schema (src/scenario/schema.ts). */
export const DEFAULT_REGIONS = ['us', 'eu'] as const;

export interface EvaluateInput {
  /** history.jsonl events in file order (validated here), or already paired ops. */
  history?: Iterable<HistoryEvent>;
  ops?: OpSource;
  events?: RunEvent[];
  final?: (FinalState & { initial?: Record<string, unknown> }) | null;
  /** The scenario as run: its `slo:` and `workload.balance` are used. */
  scenario?: Record<string, unknown> | null;
  /** An `slo:` mapping that replaces the scenario's. */
  slo?: unknown;
  /** Where `slo` came from, for error messages. */
  sloSource?: string;
  /** Where one SLO sits in its file (file:line:column: slo.name), for error messages. */
  sloWhere?: (name: string) => string;
  /** store-counters.json: the store's own conflict counter at the start and end. */
  storeCounters?: StoreCounters | null;
  /** Check linearizability even when no SLO asks for it (`check --lin`), with this budget. */
  lin?: LinearizabilityBudget;
  /** An imported history's written-value labels (import.json), for the linearizability model. */
  valueAlias?: ValueAlias;
  /** A drill's run (run.json `drill`): an SLO judged on fault steps that no typed fault fits
   * reads "not measured" instead of being bad input. */
  drill?: boolean;
}

/** What evaluate knows before it reads an operation: the clock, the events on it, the SLOs
 * and the checks' input (bad SLOs are bad input before any history is read). */
export function prepareEvaluation(input: EvaluateInput) {
  // Every check and figure reads times on the scenario clock (./clock.ts).
  const clock = scenarioClock(input.events ?? []);
  const events = shiftEvents(input.events ?? [], clock.zeroMs);
  const scenario = input.scenario ?? {};
  const sloRaw = input.slo !== undefined ? input.slo : scenario.slo;
  const slos = parseSlos(sloRaw, input.sloSource ?? 'scenario.yaml', input.sloWhere);
  const workload = (scenario.workload ?? {}) as Record<string, unknown>;
  const balance = typeof workload.balance === 'number' ? workload.balance : 100;
  const checkInput: Omit<CheckInput, 'ops'> = {
    events,
    final: input.final ?? null,
    balance,
    availabilityTarget: availabilityTarget(slos),
    regions: scenarioRegions(input.scenario ?? null),
    storeCounters: input.storeCounters ?? null,
    ...linearizability(input, slos),
  };
  return { clock, slos, checkInput };
}

type Prepared = ReturnType<typeof prepareEvaluation>;

/** `fed`: the whole-run figures already fed the ops as they were read, and the per-key checks
 * already run over them (./batches.ts), from `prepared` (prepareEvaluation of this input). */
export function evaluate(
  input: EvaluateInput,
  fed?: { whole: WholeRun; keyPass?: KeyPass; prepared: Prepared },
): Report {
  const { clock, slos, checkInput } = fed?.prepared ?? prepareEvaluation(input);
  const ops = shiftOps(input.ops ?? toOps(validated(input.history ?? [])), clock.zeroMs);
  const { events } = checkInput;
  const { checks, unknown, whole } = runAllChecks({ ...checkInput, ops }, fed?.keyPass, fed?.whole);
  const unknownNames = new Set((unknown ?? []).map((u) => u.check));
  const contents = {
    ...whole.contents.result(),
    hasStoreCounters: Boolean(input.storeCounters),
  };
  const aborted = abortOf(events);
  const rows = [
    ...judgeSlos(slos, checks, contents, unknownNames, input.drill === true),
    ...emptyRunRows(whole.contents.workloadOps),
    ...rehearsalRows(checks.rehearsal, aborted),
  ];
  const report: Report = {
    verdict: rows.every((r) => r.pass) ? 'pass' : 'fail',
    scenarioClock: clock,
    slos: rows,
    checks,
  };
  if (aborted) report.aborted = aborted;
  if (unknown && unknown.length > 0) report.unknown = unknown;
  return report;
}

/** On when an SLO names it or the caller asks (`check --lin`). */
function linearizability(input: EvaluateInput, slos: { name: string }[]) {
  if (!input.lin && !slos.some((s) => s.name === 'linearizable')) return {};
  const alias = input.valueAlias;
  return { linearizability: { budget: input.lin ?? DEFAULT_LIN_BUDGET, ...(alias && { alias }) } };
}

function* validated(history: Iterable<HistoryEvent>): Generator<HistoryEvent> {
  let i = 0;
  for (const e of history) {
    const n = i++;
    yield toHistoryEvent({ ...e }, () => `history[${n}]`);
  }
}

/** The scenario's regions: topology.regions, or the schema's default when a scenario omits it. */
function scenarioRegions(scenario: Record<string, unknown> | null): string[] {
  if (!scenario) return [];
  const topology = (scenario.topology ?? {}) as Record<string, unknown>;
  const regions = topology.regions;
  if (Array.isArray(regions)) return regions.filter((r): r is string => typeof r === 'string');
  return regions === undefined ? [...DEFAULT_REGIONS] : [];
}

export interface CheckOptions {
  sloFile?: string;
  lin?: LinearizabilityBudget;
  workers?: number;
  /** Bytes the rows held for the per-key checks may take (./batches.ts). */
  maxMemory?: number;
  /** Filled in: how many times history.jsonl was read, and the most string values one read
   * for the per-key checks held (./batches.ts). */
  stats?: { passes: number; values?: number };
  /** Given every completed op of the first read, times unshifted: report.html's binner
   * (../report/html/write.ts), so the charts need no read of their own. */
  bins?: { addOp(op: Op): void };
}

/** Recomputes every check and SLO verdict of a run directory (`gameday check`). */
export async function checkRunDir(dir: string, opts: CheckOptions = {}): Promise<Report> {
  const data = await readRunFiles(dir);
  const note = await readImportNote(dir);
  let slo: unknown;
  const scenarioWhere = data.scenarioWhere;
  let sloWhere = scenarioWhere && ((name: string) => scenarioWhere(['slo', name]));
  if (opts.sloFile) {
    const doc = await readYamlDoc(opts.sloFile);
    if (doc === null) throw new BadInputError(`SLO file ${opts.sloFile} does not exist`);
    const nested = 'slo' in doc.data;
    slo = nested ? doc.data.slo : doc.data;
    sloWhere = (name) => doc.where(nested ? ['slo', name] : [name]);
  }
  const run = await readRunInfo(dir, data.scenario);
  const input: EvaluateInput = {
    events: data.events,
    final: data.final,
    scenario: data.scenario,
    slo,
    sloSource: opts.sloFile ?? join(dir, 'scenario.yaml'),
    ...(sloWhere && { sloWhere }),
    storeCounters: data.storeCounters,
    ...(opts.lin && { lin: opts.lin }),
    ...(note && { valueAlias: aliasOf(note) }),
    drill: run.drill === true,
  };
  const prepared = prepareEvaluation(input);
  const { clock, checkInput } = prepared;
  const steps = faultSteps(checkInput.events);
  const whole = new WholeRun(checkInput, steps);
  const coverage = () => whole.probeCoverage();
  const read = await readWithinBudget(
    data.historyPath,
    {
      ...(opts.workers !== undefined && { workers: opts.workers }),
      ...(opts.maxMemory !== undefined && { maxMemory: opts.maxMemory }),
      zero: clock.zeroMs,
      ...(opts.bins && { bins: opts.bins }),
    },
    whole,
    () => new KeyPass(keyChecks({ ...keyInput({ ...checkInput, ops: [] }), steps, coverage })),
  );
  if (opts.stats) Object.assign(opts.stats, { passes: read.passes, values: read.values });
  // --workers N also checks the keys on N threads (./key-threads.ts); read by ranges of keys,
  // or without it, they are checked in this thread.
  const keyPass =
    read.keyPass ??
    (opts.workers !== undefined && opts.workers > 1
      ? await checkKeysOnThreads(
          read.ops,
          { ...keyInput({ ...checkInput, ops: read.ops }), steps, coverage },
          opts.workers,
        )
      : undefined);
  const { verdict, ...rest } = evaluate(
    { ...input, ops: read.ops },
    { whole, prepared, ...(keyPass && { keyPass }) },
  );
  // `run` second, after the verdict, as report.json shows it (DESIGN.md section 7).
  return { verdict, run, ...rest };
}
