// manual: ask a person to act. On a terminal the instruction is shown and the step ends when
// they press Enter (`confirmed: "enter"`), or at its timeout unconfirmed (`"timeout"`). With
// --auto-approve or no terminal it confirms itself after its timeout, or at once (`"auto"`).
import type { ManualStep } from '../../scenario/rehearsal-types.js';
import { pause, type StepKind } from './types.js';

export const manual: StepKind<ManualStep> = {
  async play(step, ctx) {
    const start = ctx.clock();
    let confirmed: 'enter' | 'auto' | 'timeout';
    if (ctx.ask) {
      const asked = new AbortController();
      const stop = AbortSignal.any([asked.signal, ctx.signal]);
      const answer = ctx.ask(step.instruction, stop).then(() => 'enter' as const);
      const timeout =
        step.timeoutMs === undefined
          ? new Promise<never>(() => undefined)
          : pause(step.timeoutMs, stop).then(() => 'timeout' as const);
      confirmed = await Promise.race([
        answer,
        timeout,
        pause(Infinity, ctx.signal).then(() => 'timeout' as const),
      ]);
      asked.abort();
    } else {
      await pause(step.timeoutMs ?? 0, ctx.signal);
      confirmed = 'auto';
    }
    if (ctx.signal.aborted && confirmed !== 'enter') return;
    const waitedMs = Math.round((ctx.clock() - start) * 1000) / 1000;
    ctx.record({
      type: 'manual',
      id: step.id,
      text: step.instruction,
      confirmed,
      waitedMs,
      source: 'scenario',
    });
  },
};
