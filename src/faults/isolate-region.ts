// isolate-region: the region is cut from everyone: its client link and every replication link
// to and from it are blackholed (data stops, connections hang), while the process keeps running.
import { checkRegions } from './params.js';
import { addToxics, removeToxics } from './link-toxics.js';
import type { Fault } from './types.js';

export const isolateRegion: Fault = {
  kind: 'isolate-region',
  validate: (spec, state) => checkRegions(spec, state, 1),
  async inject(ctx, spec) {
    const region = spec.regions[0]!;
    const links = ctx.state.links.filter((l) => l.to === region || l.from === region);
    const streams = ['upstream' as const, 'downstream' as const];
    await addToxics(ctx, spec, links, { type: 'timeout', attributes: { timeout: 0 }, streams });
  },
  heal: removeToxics,
};
