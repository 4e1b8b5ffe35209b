// The topology stage's public face: up, down, load, and the driver for a recorded topology.
import { PreconditionError, TopologyError } from '../errors.js';
import type { TopologySpec } from '../model.js';
import { isAlive } from '../proc/signals.js';
import type { TopologyDriver, TopologyState } from './driver.js';
import { LocalDriver } from './drivers/local.js';
import { DockerDriver } from './drivers/docker.js';
import { clearRunFiles, loadState, removeState, saveState, withLock } from './state.js';

export { loadState, stateRoot } from './state.js';
export type { TopologyState } from './driver.js';

type DriverFactory = (root: string, state?: TopologyState) => TopologyDriver;

/** The explicit registry of drivers (the docker driver adds its line here). */
export const drivers: Partial<Record<TopologyState['driver'], DriverFactory>> = {
  local: (root, state) => new LocalDriver(root, state),
  docker: (root, state) => new DockerDriver(root, state),
};

export function driverFor(root: string, kind: TopologyState['driver'], state?: TopologyState) {
  const factory = drivers[kind];
  if (!factory) throw new TopologyError(`the ${kind} driver is not available in this build`);
  return factory(root, state);
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
}

/** Starts a topology in root/.gameday; refuses when one is already running there. */
export async function upTopology(spec: TopologySpec, opts: UpOptions): Promise<TopologyState> {
  return withLock(opts.root, async () => {
    const previous = loadState(opts.root);
    if (previous && (await driverFor(opts.root, previous.driver, previous).live())) {
      throw new PreconditionError(
        `a topology is already running in ${opts.root} (${describeParts(previous)})`,
        'stop it first with `gameday down` (or use another --state-dir)',
      );
    }
    removeState(opts.root);
    clearRunFiles(opts.root);
    const driver = driverFor(opts.root, opts.driver ?? 'local');
    try {
      const state = await driver.up(spec, opts.signal);
      saveState(opts.root, state);
      return state;
    } catch (err) {
      removeState(opts.root);
      throw err;
    }
  });
}

/** Stops exactly what state.json lists and forgets it; harmless when nothing runs. */
export async function downTopology(root: string): Promise<TopologyState | undefined> {
  return withLock(root, async () => {
    const state = loadState(root);
    if (!state) return undefined;
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
