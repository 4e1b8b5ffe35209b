// slow-close: connections on the links close `ms` later than they should, which keeps
// sockets and connection pools busy on both sides.
import { numberParam } from './params.js';
import { addToxics, linksFor, removeToxics, validateLinkSpec } from './link-toxics.js';
import type { Fault } from './types.js';

export const slowClose: Fault = {
  kind: 'slow-close',
  validate(spec, state) {
    validateLinkSpec(spec, state);
    numberParam(spec, 'ms', { min: 0 });
  },
  async inject(ctx, spec) {
    const attributes = { delay: numberParam(spec, 'ms', { min: 0 }) };
    await addToxics(ctx, spec, linksFor(ctx.state, spec), {
      type: 'slow_close',
      attributes,
      streams: ['downstream'],
    });
  },
  heal: removeToxics,
};
