// probe: an HTTP request or a command, once or every `every` for `for`; each attempt is a
// `probe` event (ok, detail; alert when the step is the alert), timed at the attempt's end.
import type { ProbeStep } from '../../scenario/rehearsal-types.js';
import { runProbeCheck } from './probe-check.js';
import { pause, type StepKind } from './types.js';

export const probe: StepKind<ProbeStep> = {
  async play(step, ctx) {
    const start = ctx.clock();
    for (let n = 0; ; n++) {
      if (ctx.signal.aborted) return;
      const { ok, detail } = await runProbeCheck(step, ctx.env, ctx.signal);
      if (ctx.signal.aborted) return;
      ctx.record({
        type: 'probe',
        id: step.id,
        ok,
        detail,
        ...(step.alert && { alert: true }),
        source: 'scenario',
      });
      ctx.onProbe(step.id, ok);
      // The next attempt on the step's own grid, so a slow attempt does not shift the rest.
      const next = start + (n + 1) * step.everyMs;
      if (step.everyMs === 0 || next > start + step.forMs) return;
      await pause(next - ctx.clock(), ctx.signal);
    }
  },
};
