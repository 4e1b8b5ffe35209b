// The topology stage's public face: up, down, load, and the driver for a recorded topology.
import { PreconditionError, TopologyError } from '../errors.js';
import type { TopologySpec } from '../model.js';
import { isAlive, isSameProcess, processStartTime } from '../proc/signals.js';
import type { TopologyDriver, TopologyState } from './driver.js';
import { clearRunFiles, corruptState, loadState, readState } from './state.js';
import { removeState, saveState, withLock } from './state.js';

export { loadState, stateRoot } from './state.js';
export type { TopologyState } from './driver.js';

type DriverFactory = (root: string, state?: TopologyState) => TopologyDriver;
type DriverModule = () => Promise<DriverFactory>;

/** The explicit registry of drivers, each loaded when first used: a command pays for the
 * driver its topology runs on alone (`fault` on a local topology never loads Docker's). */
export const drivers: Partial<Record<TopologyState['driver'], DriverModule>> = {
  local: async () => {
    const { LocalDriver } = await import('./drivers/local.js');
    return (root, state) => new LocalDriver(root, state);
  },
  docker: async () => {
    const { DockerDriver } = await import('./drivers/docker.js');
    return (root, state) => new DockerDriver(root, state);
  },
};

export function driverFor(
  root: string,
  kind: TopologyState['driver'],
  state?: TopologyState,
): TopologyDriver {
  const load = drivers[kind];
  if (!load) throw new TopologyError(`the ${kind} driver is not available in this build`);
  let driver: Promise<TopologyDriver> | undefined;
  const real = () => (driver ??= load().then((factory) => factory(root, state)));
  return {
    kind,
    up: async (spec, signal, owner) => (await real()).up(spec, signal, owner),
    down: async () => (await real()).down(),
    live: async () => (await real()).live(),
    kill: async (region) => (await real()).kill(region),
    stop: async (region) => (await real()).stop(region),
    pause: async (region) => (await real()).pause(region),
    restore: async (region) => (await real()).restore(region),
    status: async (region) => (await real()).status(region),
    reviveToxiproxy: async () => (await (await real()).reviveToxiproxy?.()) ?? false,
  };
}

/** pids from state.json that still run: a topology is live while any part is. */
export function livePids(state: TopologyState): number[] {
  const pids = [
    state.toxiproxy.pid,
    state.router.pid,
    ...Object.values(state.regions).map((r) => r.pid),
  ];
  return pids.filter(isAlive);
}

function describeParts(state: TopologyState): string {
  if (state.driver === 'docker') return `docker project ${state.project}`;
  return `pids ${livePids(state).join(', ')}`;
}

export interface UpOptions {
  root: string;
  driver?: TopologyState['driver'];
  signal?: AbortSignal;
  /** A run's own topology: recorded as owned by this process (see TopologyState.owner). */
  owned?: boolean;
  /** Told what was done on the way, for the user (a dead run's topology taken down). */
  onNotice?: (line: string) => void;
}

/** True when a run owned this topology and its process is gone. */
export function ownerGone(state: TopologyState): boolean {
  return state.owner !== undefined && !isSameProcess(state.owner.pid, state.owner.startTime);
}

/** Starts a topology in root/.gameday; refuses when one is already running there. */
export async function upTopology(spec: TopologySpec, opts: UpOptions): Promise<TopologyState> {
  return withLock(opts.root, async () => {
    await refuseOverUnreadableState(opts.root);
    const previous = loadState(opts.root);
    const live = previous && driverFor(opts.root, previous.driver, previous);
    if (previous && live && (await live.live())) {
      // A run that died before it took its topology down (killed while starting it, or with
      // its watchdogs): that topology is nobody's; ending it ends every fault it held.
      if (!ownerGone(previous)) {
        throw new PreconditionError(
          `a topology is already running in ${opts.root} (${describeParts(previous)})`,
          'stop it first with `gameday down` (or use another --state-dir)',
        );
      }
      await live.down();
      // A process the run spawned but was killed before recording still carries our mark.
      const { downWhatIsFound } = await import('./recover.js');
      await downWhatIsFound(opts.root);
      opts.onNotice?.(
        `took down the topology of run pid ${previous.owner!.pid}, which died without doing it`,
      );
    }
    removeState(opts.root);
    clearRunFiles(opts.root);
    const driver = driverFor(opts.root, opts.driver ?? 'local');
    const owner = opts.owned
      ? { pid: process.pid, startTime: processStartTime(process.pid) }
      : undefined;
    try {
      // The owner is in the first state.json a driver writes: a run killed while starting its
      // topology still leaves it marked as the run's.
      const state = await driver.up(spec, opts.signal, owner);
      saveState(opts.root, state);
      return state;
    } catch (err) {
      removeState(opts.root);
      throw err;
    }
  });
}

/** An unreadable or missing state.json over processes still carrying this state dir's mark
 * (a start that was killed before it recorded them): starting afresh would orphan them. Over
 * nothing, it is only a stale file. */
async function refuseOverUnreadableState(root: string): Promise<void> {
  const read = readState(root);
  if (read.kind === 'ok') return;
  const { findOurProcesses } = await import('./recover.js');
  const pids = findOurProcesses(root).map((m) => m.pid);
  if (pids.length === 0) return removeState(root);
  const what =
    read.kind === 'corrupt'
      ? `${corruptState(root, read.reason).message}, and processes it started still run`
      : `processes a start that did not finish left behind still run in ${root}`;
  throw new PreconditionError(
    `${what} (pids ${pids.join(', ')})`,
    '`gameday down` stops them (it finds them by their mark), then `gameday up`',
  );
}

/** Stops exactly what state.json lists and forgets it; harmless when nothing runs. `known`: the
 * watchdog's copy of this topology, used when state.json has become unreadable. */
export async function downTopology(
  root: string,
  known?: TopologyState,
): Promise<TopologyState | undefined> {
  return withLock(root, async () => {
    const read = readState(root);
    if (read.kind === 'corrupt' && !known) throw corruptState(root, read.reason);
    const state = read.kind === 'ok' ? read.state : read.kind === 'corrupt' ? known : undefined;
    if (!state || (known && state.createdAt !== known.createdAt)) return undefined;
    await driverFor(root, state.driver, state).down();
    removeState(root);
    return state;
  });
}

/** The recorded topology, or a PreconditionError telling the user to start one. */
export function requireState(root: string): TopologyState {
  const state = loadState(root);
  if (!state) {
    throw new PreconditionError(
      `no topology is running in ${root} (no .gameday/state.json)`,
      'start one with `gameday up`',
    );
  }
  return state;
}
