// The one orchestrator: the only module that imports several stages. It brings the topology
// up, drives the workload, plays the fault timeline, heals, settles, records final.json, and
// hands the run directory to the checks. Every exit path heals what it injected.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LinearizabilityBudget } from '../checks/linearizable/index.js';
import { faultContext, healAll } from '../faults/index.js';
import { BadInputError, GamedayError, TopologyError } from '../errors.js';
import type { Report, RunEvent, RunInfo, TopologySpec } from '../model.js';
import { reportJson } from '../report/json.js';
import { junitXml } from '../report/junit.js';
import { checkForHtml, writeHtmlReport } from '../report/html/write.js';
import { loadScenario, type Scenario, type ScenarioStep } from '../scenario/index.js';
import { pickDriver } from '../topology/drivers/docker.js';
import { downTopology, upTopology, type TopologyState } from '../topology/index.js';
import type { WorkloadStats } from '../workload/index.js';
import { EventLog, readEventLines } from './events.js';
import { gamedayVersion, sha256, storeSummary, writeRunInfo } from './info.js';
import { recordUnsettledFinal } from './final.js';
import { underRunLock } from './locked.js';
import { playScenario } from './play.js';
import { ensureWatchdog, keepWatchdog, stopWatchdog } from '../watchdog/watchdog.js';
import { defaultRunDir, prepareRunDir, type RunPaths } from './rundir.js';
import { restoreLinks, watchTopology } from './sentinel.js';
import { scheduleSkew, type Skew } from './skew.js';
import { sleepUntil } from './timeline.js';

export interface RunOptions {
  scenarioFile: string;
  driver: 'local' | 'docker' | 'auto';
  /** --compose FILE: the user's compose file (the scenario's topology.compose says what is what). */
  compose?: string;
  /** The run directory; by default a new one under `runsDir`. */
  outDir?: string;
  /** Where new run directories go (default `runs/`). */
  runsDir?: string;
  seed: number;
  keepUp: boolean;
  /** Directory holding .gameday/. */
  root: string;
  /** Aborted on Ctrl-C / SIGTERM: the run stops, heals and tears down. */
  signal: AbortSignal;
  /** A drill (`gameday drill`): its timeline is open-ended and ends, like a scenario's reaching
   * its duration, when this aborts; then the run heals, settles and checks as usual. */
  stop?: AbortSignal;
  /** Play on the topology already running in `root` (`gameday up`) and leave it running. */
  reuse?: TopologyState;
  onProgress?: (progress: RunProgress) => void;
  /** Asks the person at the terminal to do a manual step (resolves on Enter); absent with
   * --auto-approve or without a terminal, where manual steps confirm themselves. */
  ask?: (instruction: string, signal: AbortSignal) => Promise<void>;
  /** --lin / --lin-timeout: check linearizability with this budget, SLO or not. */
  lin?: LinearizabilityBudget;
  /** --workers: threads parsing history.jsonl for the checks (undefined: the default). */
  workers?: number | undefined;
  /** --max-memory: bytes for the rows the per-key checks hold (undefined: the default). */
  maxMemory?: number | undefined;
}

/** What the terminal shows while a run goes on. */
export type RunProgress =
  | { kind: 'phase'; phase: string; detail?: string }
  | { kind: 'tick'; elapsedMs: number; totalMs: number; faults: string[]; stats: WorkloadStats }
  | { kind: 'fault'; action: 'inject' | 'heal'; step: ScenarioStep; skewMs: number };

export interface RunResult {
  scenario: Scenario;
  paths: RunPaths;
  /** Undefined when the run was interrupted before it finished. */
  report?: Report;
  skew: Skew;
  /** What people (and the watchdog) did during the run: events not of the scenario. */
  byHand: RunEvent[];
  /** Run-clock time of the scenario clock's zero (the `faults` phase). */
  scenarioZero: number;
}

export async function runScenario(opts: RunOptions): Promise<RunResult> {
  const scenario = await loadScenario(opts.scenarioFile, { drill: opts.stop !== undefined });
  const progress = opts.onProgress ?? (() => undefined);
  // A compose file only means something to the docker driver; an adapter on the user's
  // compose file (kind left out) has nothing else that starts its regions.
  const onCompose = opts.compose !== undefined || scenario.topology.store.kind === 'adapter';
  const driver =
    opts.reuse?.driver ??
    (await pickDriver(onCompose && opts.driver === 'auto' ? 'docker' : opts.driver));
  if (opts.compose && driver !== 'docker') {
    throw new BadInputError(
      `--compose needs --driver docker, not ${driver}`,
      'add --driver docker',
    );
  }
  if (scenario.topology.store.kind === 'adapter' && driver !== 'docker') {
    throw new BadInputError(
      `scenario ${scenario.name}: topology.store.adapter with kind left out runs on your compose file (topology.compose), which needs --driver docker, not ${driver}`,
      'run with --driver docker, or set kind: command and a command that starts each region on this machine (docs/targets.md)',
    );
  }
  const paths = prepareRunDir(
    opts.outDir ?? defaultRunDir(scenario.name, opts.runsDir),
    opts.scenarioFile,
  );
  const info = runInfo(scenario, opts, paths, driver);
  writeRunInfo(paths.dir, info);
  progress({ kind: 'phase', phase: 'up', detail: `${driver} driver` });
  const state =
    opts.reuse ??
    (await upTopology(topologySpec(scenario, join(paths.dir, 'logs'), opts.compose), {
      root: opts.root,
      driver,
      signal: opts.signal,
      // Unless --keep-up, the topology is the run's: the watchdog takes it down if the run dies.
      owned: !opts.keepUp,
      onNotice: (detail) => progress({ kind: 'phase', phase: 'up', detail }),
    }));
  let completed = false;
  let events: EventLog | undefined;
  // A part of the topology failing on its own (sentinel.ts) aborts the run like Ctrl-C does,
  // then surfaces as a TopologyError (exit 3) once everything is healed.
  const failure = new AbortController();
  const signal = AbortSignal.any([opts.signal, failure.signal]);
  const regions = faultContext(opts.root, state).regions;
  const fail = (err: GamedayError) => {
    if (failure.signal.aborted) return;
    progress({ kind: 'phase', phase: 'stopping', detail: err.message });
    failure.abort(err);
  };
  const stopSentinel = watchTopology(opts.root, state, regions, fail);
  let stopHeartbeat = () => undefined as void;
  try {
    await ensureWatchdog(opts.root);
    // The run's heartbeat restarts a watchdog of the pair that died (both at once included).
    stopHeartbeat = keepWatchdog(opts.root);
    events = await playScenario(scenario, state, paths, { ...opts, signal }, fail);
    completed = !signal.aborted;
  } catch (err) {
    // A fault that failed because Toxiproxy had just died: the death is the error to report,
    // so give the sentinel one more look before blaming the fault.
    const since = performance.now();
    await sleepUntil(500, () => performance.now() - since, failure.signal);
    if (!failure.signal.aborted) throw err;
  } finally {
    stopHeartbeat();
    stopSentinel();
    if (failure.signal.aborted) events?.phase('topology-failed');
    await teardown(opts, state, progress, failure.signal.aborted ? paths : undefined);
  }
  if (failure.signal.aborted) {
    const reason = failure.signal.reason as GamedayError;
    if (!(reason instanceof TopologyError)) throw reason;
    throw new TopologyError(
      reason.message,
      `${reason.hint}; the partial run is in ${paths.dir} (\`gameday check\` judges it)`,
    );
  }
  writeRunInfo(paths.dir, { ...info, durationMs: Date.now() - Date.parse(info.startedAt!) });
  const skew = scheduleSkew(events?.events ?? []);
  const byHand = readEventLines(paths.events).filter(
    (e) => e.source === 'manual' || e.source === 'watchdog',
  );
  const scenarioZero = events?.events.find((e) => e.phase === 'faults')?.time ?? 0;
  if (!completed) return { scenario, paths, skew, byHand, scenarioZero };
  progress({ kind: 'phase', phase: 'check' });
  const { report, history } = await checkForHtml(paths.dir, {
    ...(opts.lin && { lin: opts.lin }),
    ...(opts.workers && { workers: opts.workers }),
    ...(opts.maxMemory && { maxMemory: opts.maxMemory }),
  });
  writeFileSync(paths.report, reportJson(report));
  writeFileSync(paths.junit, junitXml(report, scenario.name));
  await writeHtmlReport(paths.dir, report, history);
  return { scenario, paths, report, skew, byHand, scenarioZero };
}

/** run.json as the run starts (durationMs is added once it ends). */
function runInfo(
  scenario: Scenario,
  opts: RunOptions,
  paths: RunPaths,
  driver: 'local' | 'docker',
): RunInfo {
  return {
    scenario: scenario.name,
    scenarioSha256: sha256(readFileSync(paths.scenario)),
    seed: opts.seed,
    gamedayVersion: gamedayVersion(),
    startedAt: new Date().toISOString(),
    driver,
    store: storeSummary(scenario.topology.store),
    scenarioFile: resolve(opts.scenarioFile),
    ...(opts.stop && { drill: true }),
  };
}

/** Heals everything and stops the topology (unless --keep-up), whatever happened before.
 * `failedRun`: the topology failed under the run; its links come back clean and the regions'
 * state is recorded unsettled (final.json), so the partial run can still be checked. */
async function teardown(
  opts: RunOptions,
  state: TopologyState,
  progress: NonNullable<RunOptions['onProgress']>,
  failedRun?: RunPaths,
): Promise<void> {
  progress({ kind: 'phase', phase: 'teardown' });
  try {
    if (failedRun) await restoreLinks(opts.root, state);
    await underRunLock(opts.root, () => healAll(faultContext(opts.root, state)));
    // Best effort: the run directory itself may be what failed.
    if (failedRun) await recordUnsettledFinal(state, failedRun).catch(() => undefined);
  } finally {
    if (!opts.keepUp && !opts.reuse) {
      await stopWatchdog(opts.root);
      await downTopology(opts.root);
    }
  }
}

/** The stores' logs go to the run directory, next to the history they explain. */
function topologySpec(scenario: Scenario, logDir: string, composeFile?: string): TopologySpec {
  const { regions, store, router, compose, engines } = scenario.topology;
  // Redis with Sentinel and Galera: the file is a copy of the one gameday generates, whose
  // services it knows by name (compose/redis-sentinel.yml, compose/galera.yml).
  if (composeFile && !compose && (store.kind === 'redis-sentinel' || store.kind === 'galera')) {
    return {
      regions,
      store,
      router,
      logDir,
      compose: { file: composeFile, regions: {}, links: {} },
    };
  }
  if (composeFile && !compose) {
    throw new BadInputError(
      `--compose ${composeFile}: scenario ${scenario.name} does not say which services are its regions`,
      'add topology.compose.regions (and links) to the scenario: docs/bring-your-own-topology.md',
    );
  }
  if (!compose) return { regions, store, router, logDir, ...(engines && { engines }) };
  return {
    regions,
    store,
    router,
    logDir,
    compose: { ...compose, file: composeFile ?? compose.file },
  };
}
