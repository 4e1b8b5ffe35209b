// latency: every response on the links arrives `ms` (± `jitter`) later, so each round trip
// through the link grows by about `ms`.
import { numberParam } from './params.js';
import { addToxics, linksFor, removeToxics, validateLinkSpec } from './link-toxics.js';
import type { Fault } from './types.js';

export const latency: Fault = {
  kind: 'latency',
  validate(spec, state) {
    validateLinkSpec(spec, state);
    numberParam(spec, 'ms', { min: 0 });
    numberParam(spec, 'jitter', { min: 0, fallback: 0 });
  },
  async inject(ctx, spec) {
    const attributes = {
      latency: numberParam(spec, 'ms', { min: 0 }),
      jitter: numberParam(spec, 'jitter', { min: 0, fallback: 0 }),
    };
    await addToxics(ctx, spec, linksFor(ctx.state, spec), {
      type: 'latency',
      attributes,
      streams: ['downstream'],
    });
  },
  heal: removeToxics,
};
