// The local driver: every part a detached process on 127.0.0.1; regions are controlled with
// signals (kill = SIGKILL, stop = SIGTERM, pause = SIGSTOP, restore = SIGCONT or restart).
import { dirname } from 'node:path';
import { TopologyError } from '../../errors.js';
import type { RegionName, TopologySpec } from '../../model.js';
import { isOurDaemon, processState, signal, terminate, waitForExit } from '../../proc/signals.js';
import type { RegionState, RegionStatus, TopologyDriver, TopologyState } from '../driver.js';
import { paths, saveState } from '../state.js';
import { startLocal, startStore } from './local-up.js';

export class LocalDriver implements TopologyDriver {
  readonly kind = 'local' as const;

  constructor(
    private readonly root: string,
    private state?: TopologyState,
  ) {}

  async up(spec: TopologySpec, abort?: AbortSignal): Promise<TopologyState> {
    const state: TopologyState = {
      version: 1,
      driver: 'local',
      project: `gameday-${process.pid}-${Date.now().toString(36)}`,
      createdAt: new Date().toISOString(),
      spec,
      toxiproxy: { url: '' },
      router: { url: '' },
      regions: {},
      links: [],
    };
    this.state = state;
    try {
      await startLocal(this.root, spec, state, abort);
      return state;
    } catch (err) {
      await this.down();
      throw err;
    }
  }

  /** Stops the router first (no new traffic), then the stores, then Toxiproxy. */
  async down(): Promise<void> {
    const state = this.state;
    if (!state) return;
    if (this.ours(state.router.pid)) await terminate(state.router.pid);
    await Promise.all(
      Object.values(state.regions).map((r) => this.ours(r.pid) && terminate(r.pid)),
    );
    if (this.ours(state.toxiproxy.pid)) await terminate(state.toxiproxy.pid);
  }

  /** Only processes this topology started are signalled, whatever pid state.json holds. */
  private ours(pid: number | undefined): pid is number {
    return this.state !== undefined && isOurDaemon(pid, logDirs(this.root, this.state));
  }

  async live(): Promise<boolean> {
    if (!this.state) return false;
    const { toxiproxy, router, regions } = this.state;
    const pids = [toxiproxy.pid, router.pid, ...Object.values(regions).map((r) => r.pid)];
    return pids.some((pid) => this.ours(pid));
  }

  async kill(region: RegionName): Promise<void> {
    const r = this.region(region);
    if (!this.ours(r.pid)) return;
    signal(r.pid, 'SIGKILL');
    await waitForExit(r.pid, 2000);
  }

  async stop(region: RegionName): Promise<void> {
    const r = this.region(region);
    if (this.ours(r.pid)) await terminate(r.pid, 5000);
  }

  async pause(region: RegionName): Promise<void> {
    const r = this.region(region);
    if (this.ours(r.pid) && processState(r.pid) === 'running') signal(r.pid, 'SIGSTOP');
  }

  async restore(region: RegionName): Promise<void> {
    const r = this.region(region);
    const status = await this.status(region);
    if (status === 'paused') signal(r.pid!, 'SIGCONT');
    if (status !== 'stopped') return;
    await startStore(r, () => saveState(this.root, this.state!));
  }

  async status(region: RegionName): Promise<RegionStatus> {
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
