// The registry of rehearsal step kinds: adding one = one file + one entry here + its test.
import type { RehearsalKind, RehearsalStep } from '../../scenario/rehearsal-types.js';
import { action } from './action.js';
import { manual } from './manual.js';
import { mark } from './mark.js';
import { probe } from './probe.js';
import type { StepContext, StepKind } from './types.js';
import { wait } from './wait.js';

type Registry = { [K in RehearsalKind]: StepKind<Extract<RehearsalStep, { step: K }>> };

export const STEP_KINDS: Registry = { action, probe, wait, manual, mark };

/** Plays one step through its kind. */
export function playStep(step: RehearsalStep, ctx: StepContext): Promise<void> {
  return (STEP_KINDS[step.step] as StepKind<RehearsalStep>).play(step, ctx);
}

export type { StepContext } from './types.js';
