// Plays one scenario on a running topology: workload, warmup, the fault timeline, heal,
// settle and final.json. The caller (run.ts) owns the topology and heals it afterwards.
import {
  faultContext,
  healAll,
  healFault,
  injectFault,
  readLedger,
  type FaultContext,
  type FaultSpec,
} from '../faults/index.js';
import type { GamedayError } from '../errors.js';
import type { ScenarioStep, Scenario } from '../scenario/index.js';
import { storeOf } from '../stores/index.js';
import type { TopologyState } from '../topology/index.js';
import { RUN_DEADLINE_MARGIN_MS } from '../watchdog/expiry.js';
import {
  HistoryRecorder,
  setupWorkload,
  startWorkload,
  workloadKeys,
  type RunningWorkload,
} from '../workload/index.js';
import { waitUntilAgree, watchConvergence } from './convergence.js';
import { readConflictCounters, writeStoreCounters } from './counters.js';
import { EventLog } from './events.js';
import { HealWatch } from './heals.js';
import { checkDumpContract, readFinalState, regionProbes, writeFinalState } from './final.js';
import { announceRun, retireRun } from './live.js';
import { underRunLock } from './locked.js';
import type { RunOptions } from './run.js';
import { runDirError, type RunPaths } from './rundir.js';
import { playRehearsal } from './rehearse.js';
import { EntryWindow } from './steps/entry-window.js';
import { planTimeline, sleepUntil, timelineEnd, type TimelineAction } from './timeline.js';

const TICK_MS = 1000;
/** How often the run reads its events.jsonl for heals typed elsewhere: a heal's convergence
 * is watched from at most this long after it (docs/checks.md, convergence). */
const HEAL_POLL_MS = 200;

export async function playScenario(
  scenario: Scenario,
  state: TopologyState,
  paths: RunPaths,
  opts: RunOptions,
  fail: (err: GamedayError) => void,
): Promise<EventLog> {
  const progress = opts.onProgress ?? (() => undefined);
  const ctx = faultContext(opts.root, state);
  await underRunLock(opts.root, () => healAll(ctx));
  const clientUrls = Object.fromEntries(
    Object.values(state.regions).map((r) => [r.name, { clientUrl: r.clientUrl }]),
  );
  const { adapter, conflictCounter } = storeOf(state.spec.store);
  await setupWorkload({ workload: scenario.workload, regions: clientUrls, adapter });
  const countersAtStart = await readConflictCounters(state, conflictCounter);
  const t0 = performance.now();
  const clock = () => performance.now() - t0;
  const events = new EventLog(paths.events, clock);
  // From here `fault`, `heal` and `mark` typed in other terminals land in this run's events.
  const stepIds = scenario.steps.map((s) => s.id);
  announceRun(
    opts.root,
    { pid: process.pid, runDir: paths.dir, events: paths.events, stepIds, drill: !!opts.stop },
    clock,
  );
  const recorder = new HistoryRecorder(paths.history);
  // The entry's live availability, for wait steps and abort conditions.
  const window = new EntryWindow(recorder, scenario.workload.routerClients > 0, clock);
  const probes = await regionProbes(state, workloadKeys(scenario.workload, state.spec.regions));
  await checkDumpContract(probes).catch(async (err: unknown) => {
    await Promise.all(probes.map((p) => p.target.close()));
    throw err;
  });
  let workload: RunningWorkload | undefined;
  const watchers: Promise<void>[] = [];
  const stopWatching = new AbortController();
  /** Run-clock time at which the settle loop saw the regions agree. */
  let settledAt: number | undefined;
  const inForce = new Map<string, ScenarioStep>();
  // Every heal, the run's own and any other in events.jsonl, is watched until the regions agree.
  const heals = new HealWatch(paths.events, (id) =>
    watchers.push(
      watchConvergence(probes, stopWatching.signal, () => settledAt, clock).then((at) => {
        if (at !== undefined) events.phase('converged', { id, time: at });
      }),
    ),
  );
  const healPoll = setInterval(() => heals.poll(), HEAL_POLL_MS);
  // Run clock time of the scenario clock's t = 0 less warmup: planTimeline counts from the
  // start of warmup, steps' `at:` from the `faults` phase event (set when it is recorded).
  let shift = 0;
  /** Applies or heals one step and records it with its planned and actual times. */
  const play = async (action: TimelineAction): Promise<void> => {
    const spec = faultSpec(action.step);
    const startedTime = Math.round(clock() * 1000) / 1000;
    if (action.kind === 'inject') {
      // Should this process die, the watchdog heals the step shortly after its planned end.
      const endsInMs = shift + action.at + action.step.durationMs - clock();
      const deadline = new Date(Date.now() + endsInMs + RUN_DEADLINE_MARGIN_MS);
      await underRunLock(opts.root, () => injectFault(ctx, spec, deadline));
      inForce.set(spec.id, action.step);
    } else {
      await underRunLock(opts.root, () => healFault(ctx, spec));
      inForce.delete(spec.id);
    }
    const type = action.kind === 'inject' ? 'fault-start' : 'fault-end';
    const { id, fault, regions, params } = spec;
    const plannedTime = shift + action.at;
    const source = 'scenario';
    events.record({ type, id, fault, regions, params, plannedTime, startedTime, source });
    const skewMs = startedTime - plannedTime;
    progress({ kind: 'fault', action: action.kind, step: action.step, skewMs });
    if (action.kind === 'heal') heals.healed(id);
  };
  // An abort condition (or the run stopping) ends the timeline early; the abort heals at once.
  const timeline = new AbortController();
  const timelineSignal = AbortSignal.any([opts.signal, timeline.signal]);
  let abortHeal: Promise<void> | undefined;
  const onAbort = (condition: string) => {
    if (timeline.signal.aborted || opts.signal.aborted) return;
    events.record({ type: 'abort', condition, source: 'scenario' });
    progress({ kind: 'phase', phase: 'aborting', detail: condition });
    timeline.abort();
    abortHeal = underRunLock(opts.root, () => healEverything(ctx, events));
    // Awaited after the timeline; the teardown heals again should it fail.
    abortHeal.catch(() => undefined);
  };
  const rehearsal = {
    scenario,
    state,
    runDir: paths.dir,
    root: opts.root,
    events,
    clock,
    probes,
    window,
    signal: timelineSignal,
    ...(opts.ask && { ask: opts.ask }),
    onAbort,
  };
  let steps: ReturnType<typeof playRehearsal> | undefined;
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
      recorder: window,
      seed: opts.seed,
      clock,
    });
    await sleepUntil(scenario.warmupMs, clock, opts.signal);
    shift = events.phase('faults').time - scenario.warmupMs;
    progress({ kind: 'phase', phase: 'faults' });
    steps = playRehearsal(rehearsal, shift + scenario.warmupMs);
    for (const batch of planTimeline(scenario)) {
      await sleepUntil(shift + batch[0]!.at, clock, timelineSignal);
      if (timelineSignal.aborted) break;
      await Promise.all(batch.map((action) => play(action)));
    }
    // A drill's timeline ends when it is told to stop (its scenario's duration is the longest
    // a drill may last); a run's at the scenario's duration.
    const endOfTimeline = opts.stop ? AbortSignal.any([timelineSignal, opts.stop]) : timelineSignal;
    await sleepUntil(shift + timelineEnd(scenario), clock, endOfTimeline);
    if (opts.stop?.aborted) timeline.abort();
    steps.stop();
    await steps.done;
    await abortHeal;
    clearInterval(ticker);
    await workload.stop();
    workload = undefined;
    if (opts.signal.aborted) return events;
    events.phase('heal');
    progress({ kind: 'phase', phase: 'heal' });
    await underRunLock(opts.root, () => healEverything(ctx, events));
    // The faults the final heal ended (typed by hand and still in force) are watched too.
    heals.poll();
    clearInterval(healPoll);
    events.phase('settle');
    progress({ kind: 'phase', phase: 'settle' });
    const settleStart = performance.now();
    const settled = await waitUntilAgree(probes, scenario.settleMs, {
      signal: opts.signal,
      digestOnly: true,
    });
    const settledInMs = performance.now() - settleStart;
    // A heal the watchers have not seen converge yet converged by now (its watcher may have
    // been asleep between polls): it gets this time rather than none.
    if (settled) settledAt = clock();
    stopWatching.abort();
    await Promise.all(watchers);
    const deadline = settleStart + scenario.settleMs;
    const final = await readFinalState(probes, { settled, settledInMs, deadline });
    writeFinalState(paths.final, final);
    const countersAtEnd = await readConflictCounters(state, conflictCounter);
    if (conflictCounter && countersAtStart && countersAtEnd) {
      writeStoreCounters(paths.dir, conflictCounter.source, countersAtStart, countersAtEnd);
    }
    events.phase('done');
    return events;
  } finally {
    timeline.abort();
    steps?.stop();
    retireRun(opts.root);
    clearInterval(ticker);
    clearInterval(healPoll);
    stopWatching.abort();
    await workload?.stop();
    await recorder.close();
    await Promise.all(probes.map((p) => p.target.close()));
  }
}

/** The run's own heal at the end: every fault still in force, the ones typed by hand during
 * the run included, is healed, and its window closed in the events. */
async function healEverything(ctx: FaultContext, events: EventLog): Promise<void> {
  // An unreadable ledger names no fault: healAll repairs everything all the same.
  const inForce = (() => {
    try {
      return readLedger(ctx.root);
    } catch {
      return [];
    }
  })();
  const startedTime = events.now();
  await healAll(ctx);
  for (const { spec } of inForce) {
    const { id, fault, regions, params } = spec;
    events.record({
      type: 'fault-end',
      id,
      fault,
      regions,
      params,
      startedTime,
      source: 'scenario',
    });
  }
}

function faultSpec(step: ScenarioStep): FaultSpec {
  return { id: step.id, fault: step.fault, regions: step.regions, params: { ...step.params } };
}
