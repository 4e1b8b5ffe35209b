// A store kind: how the local driver launches one region of it, how to tell it is ready, which
// parts of the HTTP contract it offers, and which adapter the workload speaks to it with.
// Adding a kind = one file implementing StoreKind + one line in ./index.ts (docs/targets.md).
import type { ContractParts, RegionName, StoreSpec } from '../model.js';
import type { TargetAdapter } from '../targets/target.js';
import type { RouterCheck } from '../topology/haproxy.js';
import type { RegionLaunchContext } from './placeholders.js';

/** One region's process: what to run and how to wait for it. */
export interface StoreLaunch {
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
  /** GET answers 2xx once the store serves; absent = the kind's `ready` decides. */
  healthUrl?: string;
  startTimeoutMs: number;
}

/** A process the store needs beside its regions' stores (Redis: the Sentinels). */
export interface CompanionLaunch {
  /** Unique in the topology, used for its log file: `sentinel-us`. */
  name: string;
  /** It lives in this region: region faults kill, stop, pause and restore it with the store.
   * Absent: it stands outside every region (a witness) and only `down` stops it. */
  region?: RegionName;
  command: string;
  args: string[];
  /** The port it serves on, where the kind's `ready` is asked. */
  port: number;
  /** Written before the first start only: the process may rewrite them (Sentinel does). */
  files?: Record<string, string>;
  startTimeoutMs: number;
}

/** What a kind knows when it plans its companions: every region's launch context. */
export interface TopologyLaunchContext {
  host: string;
  regions: Record<RegionName, RegionLaunchContext>;
  /** A data directory of its own for a companion outside every region, created empty. */
  dataDir(name: string): string;
  freePort(): Promise<number>;
}

/** The store's own count of conflicting writes, read per region (conflictRate.store). */
export interface ConflictCounter {
  /** What is read, recorded in store-counters.json: `kvstore_conflicts_total`. */
  source: string;
  /** The counter of the region whose store is at `directUrl`; null when it cannot be read. */
  read(directUrl: string): Promise<number | null>;
}

export interface StoreKind<S extends StoreSpec = StoreSpec> {
  name: NonNullable<S['kind']>;
  launch(spec: S, ctx: RegionLaunchContext): StoreLaunch;
  /** The path HAProxy's health check asks for (through the client link), for HTTP stores. */
  healthPath(spec: S): string;
  /** How HAProxy tells a usable region; default: HTTP GET healthPath answering 200. */
  routerCheck?(spec: S): RouterCheck;
  /** True once a process at `url` (http://host:port) serves: for stores with no health URL. */
  ready?(url: string): Promise<boolean>;
  /** A readiness test that depends on the spec (a user's adapter module); wins over `ready`. */
  readyFor?(spec: S): ((url: string) => Promise<boolean>) | undefined;
  /** Where a replication link toward `region` dials, given where its store listens
   * (default: there). Galera: the node's group listener on the region's own address. */
  replicationUpstream?(spec: S, region: RegionName, storeAddress: string): string;
  /** Host-level set-up before any store starts (Galera: the iptables fence), tagged with the
   * topology's project; `release` undoes it at every down, also after a crash. */
  isolate?(spec: S, project: string, storePorts: Record<RegionName, number>): Promise<void>;
  release?(spec: S, project: string): Promise<void>;
  /** Extra processes started once every region's store is ready. */
  companions?(spec: S, ctx: TopologyLaunchContext): Promise<CompanionLaunch[]>;
  /** True once the companions (at these http://host:port URLs) know each other and every
   * region, so a fault finds them able to act (Sentinel: every replica, every other Sentinel). */
  companionsSettled?(spec: S, urls: string[], regions: RegionName[]): Promise<boolean>;
  offers(spec: S): ContractParts;
  /** The store's conflict counter, if it keeps one under this spec. */
  conflictCounter?(spec: S): ConflictCounter | undefined;
  adapter: TargetAdapter;
  /** An adapter that depends on the spec (a user's adapter module); wins over `adapter`. */
  adapterFor?(spec: S): TargetAdapter | undefined;
}
