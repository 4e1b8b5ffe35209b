// flaky: a fraction `toxicity` (0..1) of connections on the links fail: mode timeout = they
// stall and are closed after `ms` (default 500), mode reset = they are reset (TCP RST).
import { enumParam, numberParam } from './params.js';
import { addToxics, linksFor, removeToxics, validateLinkSpec } from './link-toxics.js';
import type { Fault, FaultSpec } from './types.js';

const MODES = ['timeout', 'reset'] as const;

function recipe(spec: FaultSpec) {
  const toxicity = numberParam(spec, 'toxicity', { min: 0, max: 1, fallback: 0.5 });
  const mode = enumParam(spec, 'mode', MODES, 'timeout');
  const timeout = mode === 'timeout' ? numberParam(spec, 'ms', { min: 1, fallback: 500 }) : 0;
  const type = mode === 'timeout' ? ('timeout' as const) : ('reset_peer' as const);
  return { type, toxicity, attributes: { timeout }, streams: ['upstream' as const] };
}

export const flaky: Fault = {
  kind: 'flaky',
  validate(spec, state) {
    validateLinkSpec(spec, state);
    recipe(spec);
  },
  async inject(ctx, spec) {
    await addToxics(ctx, spec, linksFor(ctx.state, spec), recipe(spec));
  },
  heal: removeToxics,
};
