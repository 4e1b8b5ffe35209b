// What a fault is: a spec (the same for `gameday fault` and scenario steps) and a kind module
// with inject and an idempotent heal. Faults act only through Toxiproxy and the driver.
import type { FaultKind, RegionName } from '../model.js';
import type { ToxiproxyApi } from '../toxiproxy/api.js';
import type { RegionControl, TopologyState } from '../topology/driver.js';

/** One fault as asked for: `{id: "s2", fault: "partition", regions: ["us", "eu"], params: {...}}`. */
export interface FaultSpec {
  id: string;
  fault: FaultKind;
  regions: RegionName[];
  params: Record<string, unknown>;
}

/** Everything a fault may touch, built from a TopologyState (see `faultContext`). */
export interface FaultContext {
  state: TopologyState;
  toxiproxy: ToxiproxyApi;
  regions: RegionControl;
  /** The directory holding .gameday/ (for the ledger). */
  root: string;
}

export interface Fault {
  kind: FaultKind;
  /** Throws BadInputError for a spec this kind cannot apply to this topology. */
  validate(spec: FaultSpec, state: TopologyState): void;
  inject(ctx: FaultContext, spec: FaultSpec): Promise<void>;
  /** True when `other`, already in force, holds what this spec would change (two skews of
   * one clock): the new one is refused, since healing either would undo both. */
  clashes?(spec: FaultSpec, other: FaultSpec): boolean;
  /** Undoes exactly this spec; healing twice, or a fault never applied, is harmless. */
  heal(ctx: FaultContext, spec: FaultSpec): Promise<void>;
}
