// From the file's rehearsal steps and abort conditions to what the run plays: milliseconds,
// ids, commands as argument lists starting from the scenario file's directory.
import { isAbsolute, resolve } from 'node:path';
import { durationMs } from './duration.js';
import type { AbortFile, RehearsalStepFile } from './rehearsal-schema.js';
import type { AbortCondition, RehearsalStep, WaitCondition } from './rehearsal-types.js';
import { resolveTarget } from './slo-target.js';

type Comparison = '<' | '<=' | '>' | '>=' | '==';

export function normalizeRehearsal(
  step: RehearsalStepFile,
  id: string,
  dir: string,
): RehearsalStep {
  const common = { id, atMs: durationMs(step.at) };
  switch (step.step) {
    case 'action':
      return {
        ...common,
        step: 'action',
        command: commandOf(step.command, dir),
        cwd: dir,
        timeoutMs: durationMs(step.timeout),
        allowFailure: step.allowFailure,
        mitigates: step.mitigates,
      };
    case 'probe': {
      const { url, method, body, status, jsonPath, match, alert } = step;
      return {
        ...common,
        step: 'probe',
        ...(url !== undefined && { url }),
        ...(step.command !== undefined && { command: commandOf(step.command, dir) }),
        cwd: dir,
        method,
        ...(body !== undefined && { body }),
        ...(status !== undefined && { status }),
        ...(jsonPath !== undefined && { jsonPath }),
        ...('equals' in step && step.equals !== undefined && { equals: step.equals }),
        ...(match !== undefined && { match }),
        timeoutMs: durationMs(step.timeout),
        everyMs: step.every === undefined ? 0 : durationMs(step.every),
        forMs: step.for === undefined ? 0 : durationMs(step.for),
        alert,
      };
    }
    case 'wait': {
      const until = waitCondition(step);
      return {
        ...common,
        step: 'wait',
        until,
        condition: describeWait(step),
        everyMs: durationMs(step.every),
        timeoutMs: durationMs(step.timeout),
      };
    }
    case 'manual':
      return {
        ...common,
        step: 'manual',
        instruction: step.instruction,
        ...(step.timeout !== undefined && { timeoutMs: durationMs(step.timeout) }),
      };
    case 'mark':
      return { ...common, step: 'mark', text: step.text, kind: step.kind };
  }
}

function waitCondition(step: Extract<RehearsalStepFile, { step: 'wait' }>): WaitCondition {
  if (step.probe !== undefined) return { probe: step.probe };
  if (step.availability !== undefined) {
    const { op, threshold } = percent(step.availability);
    return { availability: { op, threshold }, overMs: durationMs(step.over) };
  }
  return { converged: true };
}

function describeWait(step: Extract<RehearsalStepFile, { step: 'wait' }>): string {
  if (step.probe !== undefined) return `probe ${step.probe} passes`;
  if (step.availability !== undefined)
    return `availability over the last ${String(step.over)} ${step.availability}`;
  return 'regions converged';
}

export function normalizeAbort(condition: AbortFile): AbortCondition {
  if (condition.probe !== undefined)
    return { probe: condition.probe, text: `probe ${condition.probe} failed` };
  const { op, threshold } = percent(condition.availability ?? '< 0%');
  return {
    availability: { op: op === '<=' ? '<=' : '<', threshold },
    forMs: durationMs(condition.for),
    text: `availability ${condition.availability} for ${String(condition.for)}`,
  };
}

/** A percentage as availability reads it (a fraction); the semantics check refuses others. */
function percent(target: string): { op: Comparison; threshold: number } {
  try {
    const { op, threshold } = resolveTarget('availability', target);
    return { op, threshold };
  } catch {
    return { op: '>=', threshold: NaN };
  }
}

/** Argument list; a relative program path starts from the scenario file's directory. */
export function commandOf(command: string | string[], dir: string): string[] {
  const argv = typeof command === 'string' ? command.split(/\s+/).filter(Boolean) : [...command];
  const program = argv[0] ?? '';
  if (program.includes('/') && !isAbsolute(program)) argv[0] = resolve(dir, program);
  return argv;
}
