// The rehearsal steps of one run: each played through its kind (src/run/steps) at its time on
// the scenario clock, with the topology's URLs, the live entry window and the abort conditions.
import { join } from 'node:path';
import { packageRoot } from '../dirs.js';
import type { Scenario } from '../scenario/index.js';
import type { ProbeStep } from '../scenario/rehearsal-types.js';
import { regionUrlVar } from '../scenario/placeholders.js';
import type { TopologyState } from '../topology/index.js';
import { watchAbort } from './abort-watch.js';
import { regionsAgree, type RegionProbe } from './convergence.js';
import type { EventLog } from './events.js';
import { playStep, type StepContext } from './steps/index.js';
import type { EntryWindow } from './steps/entry-window.js';
import { sleepUntil } from './timeline.js';

export interface RehearsalOptions {
  scenario: Scenario;
  state: TopologyState;
  runDir: string;
  root: string;
  events: EventLog;
  clock: () => number;
  probes: RegionProbe[];
  window: EntryWindow;
  /** Aborted when the timeline stops (the run stopping, or an abort condition). */
  signal: AbortSignal;
  ask?: StepContext['ask'];
  /** An abort condition was met: the caller heals and stops the timeline. */
  onAbort(condition: string): void;
}

/** The environment every action and probe gets, also their placeholders' values. */
export function stepEnv(
  state: TopologyState,
  runDir: string,
  root: string,
): Record<string, string> {
  const env: Record<string, string> = {
    GAMEDAY_ROUTER_URL: state.router.url,
    GAMEDAY_TOXIPROXY_URL: state.toxiproxy.url,
    GAMEDAY_RUN_DIR: runDir,
    // So that `gameday route|mark|status` in a runbook script finds this topology.
    GAMEDAY_STATE_DIR: root,
    // This very gameday, for runbook scripts (`$GAMEDAY_CLI route drain eu`).
    GAMEDAY_CLI: `${process.execPath} ${join(packageRoot(), 'bin', 'gameday.js')}`,
  };
  for (const r of Object.values(state.regions)) env[regionUrlVar(r.name)] = r.clientUrl;
  return env;
}

/** Starts the steps' schedule and the abort watch once the timeline's zero (`start`, run
 * clock) is known; `done` resolves when every step has ended; `stop` ends the abort watch. */
export function playRehearsal(
  o: RehearsalOptions,
  start: number,
): { done: Promise<void>; stop: () => void } {
  const { scenario, events, clock, signal } = o;
  const abort = watchAbort(
    scenario.abort,
    (ms) => o.window.availability(ms),
    () => clock() - start,
    (condition) => o.onAbort(condition),
  );
  const probeChecks = new Map(
    scenario.rehearsal.filter((s): s is ProbeStep => s.step === 'probe').map((s) => [s.id, s]),
  );
  const ctx: StepContext = {
    record: (e) => events.record(e),
    clock,
    signal,
    env: stepEnv(o.state, o.runDir, o.root),
    availability: (ms) => o.window.availability(ms),
    converged: () => regionsAgree(o.probes, true).catch(() => false),
    probeCheck: (id) => probeChecks.get(id),
    ...(o.ask && { ask: o.ask }),
    onProbe: (id, ok) => abort.onProbe(id, ok),
  };
  const steps = scenario.rehearsal.map(async (step) => {
    await sleepUntil(start + step.atMs, clock, signal);
    if (!signal.aborted) await playStep(step, ctx);
  });
  return { done: Promise.all(steps).then(() => undefined), stop: () => abort.stop() };
}
