// The explicit registry of store kinds. The local driver, the run and the scenario checks ask
// here, never for a kind by name, so adding a kind (Redis, Galera...) touches no driver code.
import type { ContractParts, StoreSpec } from '../model.js';
import type { TargetAdapter } from '../targets/target.js';
import { adapterKind } from './adapter.js';
import { commandKind } from './command.js';
import { kvstoreKind } from './kvstore.js';
import type { RegionLaunchContext } from './placeholders.js';
import { galeraKind } from './galera.js';
import { redisSentinelKind } from './redis-sentinel.js';
import type { RouterCheck } from '../topology/haproxy.js';
import type {
  CompanionLaunch,
  ConflictCounter,
  StoreKind,
  StoreLaunch,
  TopologyLaunchContext,
} from './types.js';

const storeKinds = {
  kvstore: kvstoreKind,
  command: commandKind,
  'redis-sentinel': redisSentinelKind,
  galera: galeraKind,
  adapter: adapterKind,
} satisfies { [K in NonNullable<StoreSpec['kind']>]: StoreKind<Extract<StoreSpec, { kind?: K }>> };

export const STORE_KINDS = Object.keys(storeKinds) as (keyof typeof storeKinds)[];

/** A store spec bound to its kind: everything the driver and the run need from it. */
export interface Store {
  kind: string;
  launch(ctx: RegionLaunchContext): StoreLaunch;
  healthPath: string;
  routerCheck: RouterCheck;
  /** Whether a region's store at its direct URL serves: the kind's own test, else GET healthUrl. */
  ready?: (url: string) => Promise<boolean>;
  companions(ctx: TopologyLaunchContext): Promise<CompanionLaunch[]>;
  /** True once the companions at these URLs know each other and every region (true if none). */
  companionsSettled(urls: string[], regions: string[]): Promise<boolean>;
  replicationUpstream(region: string, storeAddress: string): string;
  isolate(project: string, storePorts: Record<string, number>): Promise<void>;
  release(project: string): Promise<void>;
  offers: ContractParts;
  conflictCounter?: ConflictCounter;
  adapter: TargetAdapter;
}

export function storeOf(spec: StoreSpec): Store {
  const kind = (storeKinds[spec.kind ?? 'kvstore'] ?? kvstoreKind) as StoreKind;
  const ready = kind.readyFor?.(spec) ?? kind.ready;
  return {
    kind: kind.name,
    launch: (ctx) => kind.launch(spec, ctx),
    healthPath: kind.healthPath(spec),
    routerCheck: kind.routerCheck?.(spec) ?? { mode: 'http', path: kind.healthPath(spec) },
    ...(ready ? { ready } : {}),
    companions: async (ctx) => (kind.companions ? kind.companions(spec, ctx) : []),
    companionsSettled: async (urls, regions) =>
      kind.companionsSettled ? kind.companionsSettled(spec, urls, regions) : true,
    replicationUpstream: (region, address) =>
      kind.replicationUpstream?.(spec, region, address) ?? address,
    isolate: async (project, ports) => kind.isolate?.(spec, project, ports),
    release: async (project) => kind.release?.(spec, project),
    offers: kind.offers(spec),
    ...withCounter(kind.conflictCounter?.(spec)),
    adapter: kind.adapterFor?.(spec) ?? kind.adapter,
  };
}

const withCounter = (counter: ConflictCounter | undefined) =>
  counter ? { conflictCounter: counter } : {};

export type { RegionLaunchContext } from './placeholders.js';
export type {
  CompanionLaunch,
  ConflictCounter,
  StoreKind,
  StoreLaunch,
  TopologyLaunchContext,
} from './types.js';
