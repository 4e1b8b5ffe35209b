// The docker driver: docker-compose.yml runs the topology; regions are controlled through the
// engine API (kill = SIGKILL, stop = SIGTERM then SIGKILL, pause = cgroup freezer, restore =
// unpause or start). `down` goes by label, so it needs neither the compose file nor Compose.
import { TopologyError } from '../../errors.js';
import type { RegionName, TopologySpec } from '../../model.js';
import { DockerEngine } from '../../docker/engine.js';
import type {
  CompanionState,
  RegionState,
  RegionStatus,
  TopologyDriver,
  TopologyState,
} from '../driver.js';
import { startDocker, waitStoreHealthy } from './docker-up.js';
import { stateEngines } from './docker-engines.js';
import { newState, paths, saveState } from '../state.js';
import { copyLogs } from './docker-logs.js';
import { reviveToxiproxy } from './docker-revive.js';
import { storeOf } from '../../stores/index.js';
import { RESTART_MS, waitCompanion, waitRegionReady } from './docker-stores.js';

export class DockerDriver implements TopologyDriver {
  readonly kind = 'docker' as const;

  constructor(
    private readonly root: string,
    private state?: TopologyState,
    private readonly engine = new DockerEngine(),
  ) {}

  async up(
    spec: TopologySpec,
    abort?: AbortSignal,
    owner?: TopologyState['owner'],
  ): Promise<TopologyState> {
    const state = newState('docker', spec, owner);
    this.state = state;
    try {
      await startDocker(this.root, spec, state, this.engine, abort);
      return state;
    } catch (err) {
      await this.down();
      throw err;
    }
  }

  /** Removes every container and network labelled with this project, on every engine it
   * uses; idempotent. */
  async down(): Promise<void> {
    if (!this.state) return;
    await copyLogs(this.state, this.state.spec.logDir ?? paths.logs(this.root), (r) =>
      this.engineOf(r),
    );
    for (const engine of this.engines()) await engine.removeProject(this.state.project);
    // Host-level set-up of the store kind (Galera's fence), as on the local driver.
    await storeOf(this.state.spec.store).release(this.state.project);
  }

  /** A region's store and the companions living in it (Redis: its Sentinel) share its faults. */
  async kill(region: RegionName): Promise<void> {
    const engine = this.engineOf(region);
    for (const id of this.regionContainers(region)) await engine.kill(id);
  }

  async stop(region: RegionName): Promise<void> {
    const engine = this.engineOf(region);
    await Promise.all(this.regionContainers(region).map((id) => engine.stop(id)));
  }

  async pause(region: RegionName): Promise<void> {
    const engine = this.engineOf(region);
    for (const id of this.regionContainers(region)) await engine.pause(id);
  }

  /** Resumes what is paused and starts what is gone: the store, then its companions. */
  async restore(region: RegionName): Promise<void> {
    const id = this.containerOf(region);
    const engine = this.engineOf(region);
    const companions = regionCompanions(this.state!, region);
    for (const c of [id, ...companions.map((c) => c.containerId!)]) {
      if ((await engine.inspect(c)).status === 'paused') await engine.unpause(c);
    }
    if ((await this.status(region)) === 'stopped') {
      await engine.start(id);
      if (this.state!.spec.store.kind && this.state!.spec.store.kind !== 'kvstore') {
        await waitRegionReady(this.state!, region, engine, { timeout: RESTART_MS });
      } else {
        await waitStoreHealthy(this.state!, region, engine);
      }
    }
    for (const c of companions) {
      if ((await engine.inspect(c.containerId!)).status === 'running') continue;
      await engine.start(c.containerId!);
      await waitCompanion(this.state!, c, engine);
    }
  }

  async reviveToxiproxy(): Promise<boolean> {
    if (!this.state || !(await reviveToxiproxy(this.engine, this.state))) return false;
    saveState(this.root, this.state);
    return true;
  }

  async status(region: RegionName): Promise<RegionStatus> {
    const { status } = await this.engineOf(region).inspect(this.containerOf(region));
    if (status === 'paused') return 'paused';
    return status === 'running' || status === 'restarting' ? 'running' : 'stopped';
  }

  /** True while any container labelled with this project exists, running or not: a stopped
   * one still holds its network and data, and only `down` removes it. An engine that does not
   * answer holds no running container of ours (a remote engine's loss is `down`'s problem). */
  async live(): Promise<boolean> {
    if (!this.state) return false;
    for (const engine of this.engines()) {
      if (!(await engine.available())) continue;
      if ((await engine.labelled(this.state.project)).containers > 0) return true;
    }
    return false;
  }

  /** The default engine, then each other engine a region runs on. */
  private engines(): DockerEngine[] {
    const hosts = stateEngines(this.state!).filter((h) => h !== '');
    return [this.engine, ...hosts.map((h) => new DockerEngine(h))];
  }

  private engineOf(region: RegionName): DockerEngine {
    const host = this.state?.regions[region]?.dockerHost;
    return host ? new DockerEngine(host) : this.engine;
  }

  private regionContainers(region: RegionName): string[] {
    const companions = regionCompanions(this.state!, region).map((c) => c.containerId);
    return [this.containerOf(region), ...companions.filter((id): id is string => !!id)];
  }

  private containerOf(name: RegionName): string {
    const r: RegionState | undefined = this.state?.regions[name];
    if (!r?.containerId) throw new TopologyError(`region ${name} is not part of this topology`);
    return r.containerId;
  }
}

/** `--driver auto`: docker when an engine answers (and Compose exists), else local. */
export async function pickDriver(
  wanted: 'local' | 'docker' | 'auto',
  engine = new DockerEngine(),
): Promise<'local' | 'docker'> {
  if (wanted !== 'auto') return wanted;
  return (await engine.available(1000)) ? 'docker' : 'local';
}

/** The companions that live in `region` (Redis: its Sentinel). */
function regionCompanions(state: TopologyState, region: RegionName): CompanionState[] {
  return (state.companions ?? []).filter((c) => c.region === region);
}
