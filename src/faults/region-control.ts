// Shared by kill/stop/pause-region: act on the region through the driver; heal brings it back
// whatever state it is in (restart with the same args, port and data dir, or SIGCONT).
import { checkRegions } from './params.js';
import type { Fault } from './types.js';

export function regionFault(kind: Fault['kind'], action: 'kill' | 'stop' | 'pause'): Fault {
  return {
    kind,
    validate: (spec, state) => checkRegions(spec, state, 1),
    inject: (ctx, spec) => ctx.regions[action](spec.regions[0]!),
    heal: (ctx, spec) => ctx.regions.restore(spec.regions[0]!),
  };
}
