// Rehearsal steps as the run plays them: every duration in milliseconds, ids filled in,
// commands as argument lists, relative paths resolved from the scenario file's directory.
import type { MarkKind } from '../model.js';

interface Common {
  id: string;
  /** From the end of warmup, like a fault step's. */
  atMs: number;
}

/** Runs a command; `timeoutMs` kills it and its children. */
export interface ActionStep extends Common {
  step: 'action';
  command: string[];
  /** Where the command starts: the scenario file's directory. */
  cwd: string;
  timeoutMs: number;
  allowFailure: boolean;
  mitigates: boolean;
}

/** An HTTP request or a command, and what its answer must be. */
export interface ProbeCheck {
  url?: string;
  command?: string[];
  cwd: string;
  method: string;
  body?: string;
  status?: number;
  jsonPath?: string;
  /** Set (possibly to null) when the value at jsonPath must equal it. */
  equals?: string | number | boolean | null;
  match?: string;
  timeoutMs: number;
}

export interface ProbeStep extends Common, ProbeCheck {
  step: 'probe';
  /** 0 = once. */
  everyMs: number;
  forMs: number;
  alert: boolean;
}

/** One condition a wait (or an abort) watches. */
export type WaitCondition =
  | { probe: string }
  | { availability: { op: '<' | '<=' | '>' | '>=' | '=='; threshold: number }; overMs: number }
  | { converged: true };

export interface WaitStep extends Common {
  step: 'wait';
  until: WaitCondition;
  /** The condition in words, for events and reports. */
  condition: string;
  everyMs: number;
  timeoutMs: number;
}

export interface ManualStep extends Common {
  step: 'manual';
  instruction: string;
  timeoutMs?: number;
}

export interface MarkStep extends Common {
  step: 'mark';
  text: string;
  kind: MarkKind;
}

export type RehearsalStep = ActionStep | ProbeStep | WaitStep | ManualStep | MarkStep;
export type RehearsalKind = RehearsalStep['step'];

/** How long a step may last from its start: it must end within the scenario's duration. */
export function stepSpanMs(step: RehearsalStep): number {
  if (step.step === 'action' || step.step === 'wait') return step.timeoutMs;
  if (step.step === 'probe') return step.everyMs > 0 ? step.forMs : step.timeoutMs;
  if (step.step === 'manual') return step.timeoutMs ?? 0;
  return 0;
}

/** A scenario-level `abort:` condition. */
export type AbortCondition =
  | { probe: string; text: string }
  | { availability: { op: '<' | '<='; threshold: number }; forMs: number; text: string };
