// wait: until a probe passes, the entry's availability over the last N s meets a target, or
// the regions have converged, checked every `every` and at the timeout, where it gives up.
// The `wait-end` event carries ok (the condition held) and waitedMs (from the step's start).
import type { WaitStep } from '../../scenario/rehearsal-types.js';
import { runProbeCheck } from './probe-check.js';
import { pause, type StepContext, type StepKind } from './types.js';

export const wait: StepKind<WaitStep> = {
  async play(step, ctx) {
    const start = ctx.clock();
    const deadline = start + step.timeoutMs;
    for (;;) {
      if (ctx.signal.aborted) return;
      if (await holds(step, ctx)) {
        const waitedMs = Math.round((ctx.clock() - start) * 1000) / 1000;
        ctx.record({
          type: 'wait-end',
          id: step.id,
          ok: true,
          waitedMs,
          condition: step.condition,
          source: 'scenario',
        });
        return;
      }
      // The last check is at the deadline itself: a wait gives up at its timeout, not before.
      const left = deadline - ctx.clock();
      if (left <= 0) break;
      await pause(Math.min(step.everyMs, left), ctx.signal);
    }
    if (ctx.signal.aborted) return;
    const waitedMs = Math.round((ctx.clock() - start) * 1000) / 1000;
    ctx.record({
      type: 'wait-end',
      id: step.id,
      ok: false,
      waitedMs,
      condition: step.condition,
      source: 'scenario',
    });
  },
};

async function holds(step: WaitStep, ctx: StepContext): Promise<boolean> {
  const until = step.until;
  if ('probe' in until) {
    const check = ctx.probeCheck(until.probe);
    return check !== undefined && (await runProbeCheck(check, ctx.env, ctx.signal)).ok;
  }
  if ('availability' in until) {
    const a = ctx.availability(until.overMs);
    if (a === null) return false;
    const { op, threshold } = until.availability;
    return op === '>' ? a > threshold : a >= threshold - 1e-12;
  }
  return ctx.converged();
}
