// action: run a command (the team's runbook automation) with the topology's URLs in its
// environment; its start, end, exit code and output tail are events. At its timeout it is
// killed with its children; a failure fails the run unless allowFailure (src/slo).
import type { ActionStep } from '../../scenario/rehearsal-types.js';
import { substitute } from '../../scenario/placeholders.js';
import { runCommandGroup } from '../../proc/run.js';
import type { StepKind } from './types.js';

export const action: StepKind<ActionStep> = {
  async play(step, ctx) {
    const command = step.command.map((arg) => substitute(arg, ctx.env));
    ctx.record({ type: 'action-start', id: step.id, command, source: 'scenario' });
    const result = await runCommandGroup(command, {
      cwd: step.cwd,
      env: ctx.env,
      timeoutMs: step.timeoutMs,
      signal: ctx.signal,
    });
    const ok = result.exitCode === 0 && !result.timedOut;
    ctx.record({
      type: 'action-end',
      id: step.id,
      ok,
      exitCode: result.exitCode,
      timedOut: result.timedOut,
      output: result.spawnError ?? result.output,
      allowFailure: step.allowFailure,
      mitigates: step.mitigates,
      source: 'scenario',
    });
  },
};
