// The seam between gameday and where regions run. Faults, workload and checks only see this.
// A driver for Kubernetes or regions on several Docker engines implements the same interface.
import type { RegionName, TopologySpec } from '../model.js';

/** Which kind of link a Toxiproxy proxy carries. */
export type LinkKind = 'client' | 'replication';

/** One Toxiproxy proxy: `client_to_us`, `us_to_eu` (replication from us to eu). */
export interface LinkState {
  name: string;
  kind: LinkKind;
  /** `client` for client links, else the region the traffic comes from. */
  from: RegionName | 'client';
  to: RegionName;
  /** host:port Toxiproxy listens on (as Toxiproxy sees it). */
  listen: string;
  /** host:port the proxy forwards to (as Toxiproxy sees it). */
  upstream: string;
}

/** One region as started: how to reach its store directly and through its client link. */
export interface RegionState {
  name: RegionName;
  /** The store's own URL, bypassing Toxiproxy (for gameday's final reads and heal checks). */
  directUrl: string;
  /** The URL clients use: through the `client_to_<region>` Toxiproxy link. */
  clientUrl: string;
  /** Local driver: pid of the store process. */
  pid?: number;
  /** Docker driver: container id. */
  containerId?: string;
  /** Docker driver: the engine running this region (DOCKER_HOST), when not the default one. */
  dockerHost?: string;
  /** Docker driver: the libfaketime its store's container preloads, reading the region's
   * clock file (the clock-skew fault); absent when its image carries none. */
  libfaketime?: string;
  dataDir?: string;
  /** Local driver: how the store was started, so a killed region restarts identically. */
  launch?: {
    command: string;
    args: string[];
    logFile: string;
    env?: Record<string, string>;
    cwd?: string;
    /** Answers 2xx once the store serves (default `<directUrl>/health`). */
    healthUrl?: string;
    startTimeoutMs?: number;
  };
}

/** Everything `up` started, persisted to .gameday/state.json so any later command can act on it. */
export interface TopologyState {
  version: 1;
  driver: 'local' | 'docker';
  /** Label value carried by every process/container: `gameday.project=<project>`. */
  project: string;
  createdAt: string;
  spec: TopologySpec;
  toxiproxy: { url: string; pid?: number };
  /** adminSocket: HAProxy's runtime API as gameday reaches it, a unix socket path or
   * `127.0.0.1:port` (absent in topologies started before `gameday route` existed). */
  router: { url: string; statsUrl?: string; adminSocket?: string; pid?: number };
  regions: Record<RegionName, RegionState>;
  links: LinkState[];
  /** Local driver: processes the store needs beside its regions (Redis: the Sentinels). */
  companions?: CompanionState[];
  /** The `run` that owns this topology (absent for `up` and `run --keep-up`): once that process
   * is gone, the watchdog takes the topology down. startTime tells it from a reused pid. */
  owner?: { pid: number; startTime?: string };
}

/** A companion as started; one with a `region` shares that region's faults. */
export interface CompanionState {
  name: string;
  region?: RegionName;
  command: string;
  args: string[];
  port: number;
  logFile: string;
  startTimeoutMs: number;
  pid?: number;
  /** Docker driver: its container. */
  containerId?: string;
}

/** What a region is doing right now. */
export type RegionStatus = 'running' | 'stopped' | 'paused';

/** Region control, used by the region faults and by heal. Every method is idempotent. */
export interface RegionControl {
  kill(region: RegionName): Promise<void>;
  stop(region: RegionName): Promise<void>;
  pause(region: RegionName): Promise<void>;
  /** Brings a region back whatever its status: unpause, or start and wait until healthy. */
  restore(region: RegionName): Promise<void>;
  status(region: RegionName): Promise<RegionStatus>;
  /** Starts Toxiproxy again when it is gone, every link enabled and clean (state.json learns
   * any address that changed); true when it had to. */
  reviveToxiproxy?(): Promise<boolean>;
}

export interface TopologyDriver extends RegionControl {
  readonly kind: 'local' | 'docker';
  /** Starts everything and returns once every region and the router are healthy.
   * On any failure (or `signal` aborting) everything already started is stopped first. */
  up(
    spec: TopologySpec,
    signal?: AbortSignal,
    owner?: TopologyState['owner'],
  ): Promise<TopologyState>;
  /** Stops exactly what the state lists; idempotent. */
  down(): Promise<void>;
  /** True while any part the state lists is still there (a live pid for local, any labelled
   * container for docker): `up` refuses to start over it, which would orphan it. */
  live(): Promise<boolean>;
}
