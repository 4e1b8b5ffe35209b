// mark: a mark the scenario makes, as `gameday mark` does from a terminal.
import type { MarkStep } from '../../scenario/rehearsal-types.js';
import type { StepKind } from './types.js';

export const mark: StepKind<MarkStep> = {
  async play(step, ctx) {
    ctx.record({ type: 'mark', id: step.id, kind: step.kind, text: step.text, source: 'scenario' });
  },
};
