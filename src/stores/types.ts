// A store kind: how the local driver launches one region of it, how to tell it is ready, which
// parts of the HTTP contract it offers, and which adapter the workload speaks to it with.
// Adding a kind = one file implementing StoreKind + one line in ./index.ts (docs/targets.md).
import type { ContractParts, StoreSpec } from '../model.js';
import type { TargetAdapter } from '../targets/target.js';
import type { RegionLaunchContext } from './placeholders.js';

/** One region's process: what to run and how to wait for it. */
export interface StoreLaunch {
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
  /** GET answers 2xx once the store serves. */
  healthUrl: string;
  startTimeoutMs: number;
}

export interface StoreKind<S extends StoreSpec = StoreSpec> {
  name: NonNullable<S['kind']>;
  launch(spec: S, ctx: RegionLaunchContext): StoreLaunch;
  /** The path HAProxy's health check asks for (through the client link). */
  healthPath(spec: S): string;
  offers(spec: S): ContractParts;
  adapter: TargetAdapter;
}
