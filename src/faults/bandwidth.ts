// bandwidth: responses on the links are limited to `kbps` kilobytes per second (Toxiproxy's
// `rate` unit), enough to make replication fall behind without cutting it.
import { numberParam } from './params.js';
import { addToxics, linksFor, removeToxics, validateLinkSpec } from './link-toxics.js';
import type { Fault } from './types.js';

export const bandwidth: Fault = {
  kind: 'bandwidth',
  validate(spec, state) {
    validateLinkSpec(spec, state);
    numberParam(spec, 'kbps', { min: 1 });
  },
  async inject(ctx, spec) {
    const attributes = { rate: numberParam(spec, 'kbps', { min: 1 }) };
    await addToxics(ctx, spec, linksFor(ctx.state, spec), {
      type: 'bandwidth',
      attributes,
      streams: ['downstream'],
    });
  },
  heal: removeToxics,
};
