// The local driver: every part a detached process on 127.0.0.1; regions are controlled with
// signals (kill = SIGKILL, stop = SIGTERM, pause = SIGSTOP, restore = SIGCONT or restart).
import { dirname } from 'node:path';
import { TopologyError } from '../../errors.js';
import type { RegionName, TopologySpec } from '../../model.js';
import { isOurDaemon, processState, signal, terminate, waitForExit } from '../../proc/signals.js';
import type {
  CompanionState,
  RegionState,
  RegionStatus,
  TopologyDriver,
  TopologyState,
} from '../driver.js';
import { loadState, newState, paths, saveState } from '../state.js';

// Starting things (stores, companions, Toxiproxy) is loaded only by what starts something:
// `fault` and `heal` ask a region's status with this module alone (a fast CLI, issue 17).
const starting = () => import('./local-up.js');
const companions = () => import('./local-companions.js');

export class LocalDriver implements TopologyDriver {
  readonly kind = 'local' as const;

  constructor(
    private readonly root: string,
    private state?: TopologyState,
  ) {}

  async up(
    spec: TopologySpec,
    abort?: AbortSignal,
    owner?: TopologyState['owner'],
  ): Promise<TopologyState> {
    const state = newState('local', spec, owner);
    this.state = state;
    try {
      const { startLocal } = await starting();
      await startLocal(this.root, spec, state, abort);
      return state;
    } catch (err) {
      await this.down();
      throw err;
    }
  }

  /** Stops the router first (no new traffic), then the companions (no failover while the
   * stores go), then the stores, then Toxiproxy. */
  async down(): Promise<void> {
    const state = this.state;
    if (!state) return;
    if (this.ours(state.router.pid)) await terminate(state.router.pid);
    await Promise.all((state.companions ?? []).map((c) => this.ours(c.pid) && terminate(c.pid)));
    await Promise.all(
      Object.values(state.regions).map((r) => this.ours(r.pid) && terminate(r.pid)),
    );
    if (this.ours(state.toxiproxy.pid)) await terminate(state.toxiproxy.pid);
    const { storeOf } = await import('../../stores/index.js');
    await storeOf(state.spec.store).release(state.project);
  }

  /** Only processes this topology started are signalled, whatever pid state.json holds. */
  private ours(pid: number | undefined): pid is number {
    return this.state !== undefined && isOurDaemon(pid, logDirs(this.root, this.state));
  }

  async live(): Promise<boolean> {
    if (!this.state) return false;
    const { toxiproxy, router, regions } = this.state;
    const pids = [toxiproxy.pid, router.pid, ...Object.values(regions).map((r) => r.pid)];
    pids.push(...(this.state.companions ?? []).map((c) => c.pid));
    return pids.some((pid) => this.ours(pid));
  }

  async kill(region: RegionName): Promise<void> {
    this.adopt();
    const pids = this.regionPids(region);
    for (const pid of pids) signal(pid, 'SIGKILL');
    await Promise.all(pids.map((pid) => waitForExit(pid, 2000)));
  }

  async stop(region: RegionName): Promise<void> {
    this.adopt();
    await Promise.all(this.regionPids(region).map((pid) => terminate(pid, 5000)));
  }

  async pause(region: RegionName): Promise<void> {
    this.adopt();
    for (const pid of this.regionPids(region)) {
      if (processState(pid) === 'running') signal(pid, 'SIGSTOP');
    }
  }

  /** Resumes what is paused and starts what is gone: the store, then its companions. */
  async restore(region: RegionName): Promise<void> {
    this.adopt();
    const r = this.region(region);
    const save = () => saveState(this.root, this.state!);
    for (const pid of this.regionPids(region)) {
      if (processState(pid) === 'stopped') signal(pid, 'SIGCONT');
    }
    if (!this.ours(r.pid)) await (await starting()).restartStore(this.state!, region, save);
    for (const companion of regionCompanions(this.state!, region)) {
      if (this.ours(companion.pid)) continue;
      await (await companions()).startCompanion(this.state!.spec, companion, save);
    }
  }

  /** A dead Toxiproxy started again on its port with every link, enabled and clean (as a run
   * does when Toxiproxy dies under it). False when it is alive. */
  async reviveToxiproxy(): Promise<boolean> {
    this.adopt();
    const state = this.state;
    if (!state || this.ours(state.toxiproxy.pid)) return false;
    const [{ startToxiproxy }, { assertTools }] = await Promise.all([
      starting(),
      import('./local-parts.js'),
    ]);
    await startToxiproxy(this.root, state, assertTools().toxiproxy);
    return true;
  }

  /** Takes the pids another gameday process recorded for this topology (a `heal` typed during
   * a run restarts a region in its own process): acting on a pid that process replaced would
   * start a region twice, or leave its new process unknown to `down`. */
  private adopt(): void {
    const mine = this.state;
    let disk: TopologyState | undefined;
    try {
      disk = loadState(this.root);
    } catch {
      return; // unreadable: what this process knows is the best there is
    }
    if (!mine || !disk || disk.project !== mine.project || disk === mine) return;
    for (const [name, region] of Object.entries(disk.regions)) {
      const ours = mine.regions[name];
      if (ours && region.pid !== undefined) ours.pid = region.pid;
    }
    for (const companion of disk.companions ?? []) {
      const ours = mine.companions?.find((c) => c.name === companion.name);
      if (ours && companion.pid !== undefined) ours.pid = companion.pid;
    }
    if (disk.toxiproxy.pid !== undefined) mine.toxiproxy.pid = disk.toxiproxy.pid;
  }

  /** The live processes of a region this topology started: its store and its companions. */
  private regionPids(region: RegionName): number[] {
    const pids = [
      this.region(region).pid,
      ...regionCompanions(this.state!, region).map((c) => c.pid),
    ];
    return pids.filter((pid): pid is number => this.ours(pid));
  }

  async status(region: RegionName): Promise<RegionStatus> {
    this.adopt();
    const pid = this.region(region).pid;
    const state = this.ours(pid) ? processState(pid) : 'dead';
    return state === 'dead' ? 'stopped' : state === 'stopped' ? 'paused' : 'running';
  }

  private region(name: RegionName): RegionState {
    const r = this.state?.regions[name];
    if (!r) throw new TopologyError(`region ${name} is not part of this topology`);
    return r;
  }
}

/** Where this topology's daemons log (.gameday/logs, and a store's own log dir if it has one):
 * the mark that tells its processes from others that reuse a recorded pid. */
export function logDirs(root: string, state: TopologyState): string[] {
  const stores = Object.values(state.regions).flatMap((r) =>
    r.launch ? [dirname(r.launch.logFile)] : [],
  );
  return [paths.logs(root), ...stores];
}

/** The companions that live in `region`. */
export function regionCompanions(state: TopologyState, region: RegionName): CompanionState[] {
  return (state.companions ?? []).filter((c) => c.region === region);
}
