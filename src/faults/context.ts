// What every fault acts through, built from a recorded topology: Toxiproxy's API and the
// driver's region control. Apart from the registry (index.ts), so `gameday heal` builds it
// without loading every fault kind.
import { ToxiproxyApi } from '../toxiproxy/api.js';
import type { TopologyState } from '../topology/driver.js';
import { driverFor } from '../topology/index.js';
import type { FaultContext } from './types.js';

/** Builds what faults need from a recorded topology. */
export function faultContext(root: string, state: TopologyState): FaultContext {
  return {
    state,
    root,
    toxiproxy: new ToxiproxyApi(state.toxiproxy.url),
    regions: driverFor(root, state.driver, state),
  };
}
