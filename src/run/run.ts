// The one orchestrator: the only module that imports several stages. It brings the topology
// up, drives the workload, plays the fault timeline, heals, settles, records final.json, and
// hands the run directory to the checks. Every exit path heals what it injected.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkRunDir } from '../checks/index.js';
import { faultContext, healAll, healFault, injectFault, type FaultSpec } from '../faults/index.js';
import { BadInputError, GamedayError, TopologyError } from '../errors.js';
import type { Report, TopologySpec } from '../model.js';
import { reportJson } from '../report/json.js';
import { junitXml } from '../report/junit.js';
import { writeHtmlReport } from '../report/html/write.js';
import { loadScenario, type Scenario, type ScenarioStep } from '../scenario/index.js';
import { storeOf } from '../stores/index.js';
import { historyKeys, withReadBack } from '../stores/readback.js';
import { pickDriver } from '../topology/drivers/docker.js';
import { downTopology, upTopology, type TopologyState } from '../topology/index.js';
import {
  HistoryRecorder,
  setupWorkload,
  workloadKeys,
  startWorkload,
  type RunningWorkload,
  type WorkloadStats,
} from '../workload/index.js';
import { waitUntilAgree, type RegionProbe } from './convergence.js';
import { EventLog } from './events.js';
import { readFinalState, writeFinalState } from './final.js';
import { RUN_DEADLINE_MARGIN_MS } from '../watchdog/expiry.js';
import { ensureWatchdog, stopWatchdog } from '../watchdog/watchdog.js';
import { defaultRunDir, prepareRunDir, runDirError, type RunPaths } from './rundir.js';
import { restoreLinks, watchTopology } from './sentinel.js';
import { scheduleSkew, type Skew } from './skew.js';
import { planTimeline, timelineEnd } from './timeline.js';

export interface RunOptions {
  scenarioFile: string;
  driver: 'local' | 'docker' | 'auto';
  /** --compose FILE: the user's compose file (the scenario's topology.compose says what is what). */
  compose?: string;
  outDir?: string;
  seed: number;
  keepUp: boolean;
  /** Directory holding .gameday/. */
  root: string;
  /** Aborted on Ctrl-C / SIGTERM: the run stops, heals and tears down. */
  signal: AbortSignal;
  onProgress?: (progress: RunProgress) => void;
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
}

const TICK_MS = 1000;

export async function runScenario(opts: RunOptions): Promise<RunResult> {
  const scenario = await loadScenario(opts.scenarioFile);
  const paths = prepareRunDir(opts.outDir ?? defaultRunDir(scenario.name), opts.scenarioFile);
  const progress = opts.onProgress ?? (() => undefined);
  // A compose file only means something to the docker driver.
  const driver = await pickDriver(opts.compose && opts.driver === 'auto' ? 'docker' : opts.driver);
  if (opts.compose && driver !== 'docker') {
    throw new BadInputError(
      `--compose needs --driver docker, not ${driver}`,
      'add --driver docker',
    );
  }
  progress({ kind: 'phase', phase: 'up', detail: `${driver} driver` });
  const state = await upTopology(topologySpec(scenario, join(paths.dir, 'logs'), opts.compose), {
    root: opts.root,
    driver,
    signal: opts.signal,
  });
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
  try {
    await ensureWatchdog(opts.root);
    events = await playScenario(scenario, state, paths, { ...opts, signal }, fail);
    completed = !signal.aborted;
  } catch (err) {
    // A fault that failed because Toxiproxy had just died: the death is the error to report,
    // so give the sentinel one more look before blaming the fault.
    const since = performance.now();
    await sleepUntil(500, () => performance.now() - since, failure.signal);
    if (!failure.signal.aborted) throw err;
  } finally {
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
  const skew = scheduleSkew(events?.events ?? []);
  if (!completed) return { scenario, paths, skew };
  progress({ kind: 'phase', phase: 'check' });
  const report = await checkRunDir(paths.dir);
  writeFileSync(paths.report, reportJson(report));
  writeFileSync(paths.junit, junitXml(report, scenario.name));
  await writeHtmlReport(paths.dir, report);
  return { scenario, paths, report, skew };
}

async function playScenario(
  scenario: Scenario,
  state: TopologyState,
  paths: RunPaths,
  opts: RunOptions,
  fail: (err: GamedayError) => void,
): Promise<EventLog> {
  const progress = opts.onProgress ?? (() => undefined);
  const ctx = faultContext(opts.root, state);
  await healAll(ctx);
  const clientUrls = Object.fromEntries(
    Object.values(state.regions).map((r) => [r.name, { clientUrl: r.clientUrl }]),
  );
  const { adapter } = storeOf(state.spec.store);
  await setupWorkload({ workload: scenario.workload, regions: clientUrls, adapter });
  const t0 = performance.now();
  const clock = () => performance.now() - t0;
  const events = new EventLog(paths.events, clock);
  const recorder = new HistoryRecorder(paths.history);
  const probes = await regionProbes(state, workloadKeys(scenario.workload, state.spec.regions));
  let workload: RunningWorkload | undefined;
  const watchers: Promise<void>[] = [];
  const stopWatching = new AbortController();
  const inForce = new Map<string, ScenarioStep>();
  const ticker = setInterval(() => {
    // A full disk or a vanished run directory: stop now, not after a run nobody can judge.
    if (recorder.writeError) fail(runDirError(paths.history, recorder.writeError));
    if (!workload) return;
    const faults = [...inForce.values()].map((s) => `${s.fault} ${s.regions.join(' ')}`);
    const totalMs = timelineEnd(scenario);
    progress({ kind: 'tick', elapsedMs: clock(), totalMs, faults, stats: workload.stats() });
  }, TICK_MS);
  try {
    events.phase('warmup');
    progress({ kind: 'phase', phase: 'warmup' });
    workload = await startWorkload({
      adapter,
      workload: scenario.workload,
      regions: clientUrls,
      routerUrl: state.router.url,
      recorder,
      seed: opts.seed,
      clock,
    });
    await sleepUntil(scenario.warmupMs, clock, opts.signal);
    events.phase('faults');
    progress({ kind: 'phase', phase: 'faults' });
    for (const action of planTimeline(scenario)) {
      await sleepUntil(action.at, clock, opts.signal);
      if (opts.signal.aborted) break;
      const spec = faultSpec(action.step);
      const startedTime = Math.round(clock() * 1000) / 1000;
      if (action.kind === 'inject') {
        // Should this process die, the watchdog heals the step shortly after its planned end.
        const endsInMs = action.at + action.step.durationMs - clock();
        await injectFault(ctx, spec, new Date(Date.now() + endsInMs + RUN_DEADLINE_MARGIN_MS));
        inForce.set(spec.id, action.step);
      } else {
        await healFault(ctx, spec);
        inForce.delete(spec.id);
      }
      const type = action.kind === 'inject' ? 'fault-start' : 'fault-end';
      const { id, fault, regions, params } = spec;
      const plannedTime = action.at;
      events.record({ type, id, fault, regions, params, plannedTime, startedTime });
      const skewMs = startedTime - plannedTime;
      progress({ kind: 'fault', action: action.kind, step: action.step, skewMs });
      if (action.kind === 'heal') {
        watchers.push(watchConvergence(probes, events, id, stopWatching.signal));
      }
    }
    await sleepUntil(timelineEnd(scenario), clock, opts.signal);
    clearInterval(ticker);
    await workload.stop();
    workload = undefined;
    if (opts.signal.aborted) return events;
    events.phase('heal');
    progress({ kind: 'phase', phase: 'heal' });
    await healAll(ctx);
    events.phase('settle');
    progress({ kind: 'phase', phase: 'settle' });
    const settleStart = performance.now();
    const settled = await waitUntilAgree(probes, scenario.settleMs, {
      signal: opts.signal,
      digestOnly: true,
    });
    stopWatching.abort();
    await Promise.all(watchers);
    const final = await readFinalState(probes, settled, performance.now() - settleStart);
    writeFinalState(paths.final, final);
    events.phase('done');
    return events;
  } finally {
    clearInterval(ticker);
    stopWatching.abort();
    await workload?.stop();
    await recorder.close();
    await Promise.all(probes.map((p) => p.target.close()));
  }
}

/** Records `converged` for a healed step once the regions agree; gives up when told. */
async function watchConvergence(
  probes: RegionProbe[],
  events: EventLog,
  id: string,
  signal: AbortSignal,
): Promise<void> {
  const agreed = await waitUntilAgree(probes, Number.POSITIVE_INFINITY, { signal });
  if (agreed) events.phase('converged', { id });
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
    await healAll(faultContext(opts.root, state));
    // Best effort: the run directory itself may be what failed.
    if (failedRun) await recordUnsettledFinal(state, failedRun).catch(() => undefined);
  } finally {
    if (!opts.keepUp) {
      await stopWatchdog(opts.root);
      await downTopology(opts.root);
    }
  }
}

async function recordUnsettledFinal(state: TopologyState, paths: RunPaths): Promise<void> {
  const probes = await regionProbes(state, historyKeys(paths.history));
  try {
    writeFinalState(paths.final, await readFinalState(probes, false, 0));
  } finally {
    await Promise.all(probes.map((p) => p.target.close()));
  }
}

/** gameday's own view of each region; `keys` are read back when the store has no /dump. */
async function regionProbes(state: TopologyState, keys: string[]): Promise<RegionProbe[]> {
  const store = storeOf(state.spec.store);
  return Promise.all(
    Object.values(state.regions).map(async (r) => ({
      name: r.name,
      target: withReadBack(
        await store.adapter.open(r.directUrl, { timeoutMs: 1000 }),
        store.offers,
        () => keys,
      ),
      metricsUrl: `${r.directUrl}/metrics`,
    })),
  );
}

function faultSpec(step: ScenarioStep): FaultSpec {
  return { id: step.id, fault: step.fault, regions: step.regions, params: { ...step.params } };
}

/** The stores' logs go to the run directory, next to the history they explain. */
function topologySpec(scenario: Scenario, logDir: string, composeFile?: string): TopologySpec {
  const { regions, store, router, compose, engines } = scenario.topology;
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

/** Waits until the run clock reaches `at`; returns early when the run is aborted. Timers may
 * fire a fraction of a millisecond early, so it waits again until the clock has truly passed. */
async function sleepUntil(at: number, clock: () => number, signal: AbortSignal): Promise<void> {
  while (clock() < at && !signal.aborted) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.max(1, Math.ceil(at - clock())));
      signal.addEventListener('abort', done, { once: true });
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
    });
  }
}
