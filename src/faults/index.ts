// The explicit registry of fault kinds, and the three calls the CLI and the run orchestrator use
// (healAll and faultContext, which need no fault kind, live in heal-all.ts and context.ts).
import { BadInputError } from '../errors.js';
import { FAULT_KINDS, type FaultKind } from '../model.js';
import type { TopologyState } from '../topology/driver.js';
import { bandwidth } from './bandwidth.js';
import { clockSkew } from './clock-skew.js';
import { flaky } from './flaky.js';
import { isolateRegion } from './isolate-region.js';
import { killRegion } from './kill-region.js';
import { asFaultError } from './heal-all.js';
import { forgetFault } from './ledger.js';
import { injectWith } from './inject.js';
import { latency } from './latency.js';
import { partition } from './partition.js';
import { pauseRegion } from './pause-region.js';
import { slowClose } from './slow-close.js';
import { stopRegion } from './stop-region.js';
import type { Fault, FaultContext, FaultSpec } from './types.js';

export type { Fault, FaultContext, FaultSpec } from './types.js';
export { readLedger, type LedgerEntry } from './ledger.js';
export { faultContext } from './context.js';
export { healAll } from './heal-all.js';

export const faults: Record<FaultKind, Fault> = {
  partition,
  latency,
  bandwidth,
  flaky,
  'slow-close': slowClose,
  'kill-region': killRegion,
  'stop-region': stopRegion,
  'pause-region': pauseRegion,
  'isolate-region': isolateRegion,
  'clock-skew': clockSkew,
};

export function faultFor(kind: string): Fault {
  const fault = faults[kind as FaultKind];
  if (!fault)
    throw new BadInputError(`unknown fault "${kind}"`, `faults: ${FAULT_KINDS.join(', ')}`);
  return fault;
}

/** Checks a spec against the topology without touching anything. */
export function validateFault(spec: FaultSpec, state: TopologyState): void {
  faultFor(spec.fault).validate(spec, state);
}

/** Applies a fault (see inject.ts). */
export async function injectFault(
  ctx: FaultContext,
  spec: FaultSpec,
  deadline?: Date,
): Promise<void> {
  await injectWith(faultFor(spec.fault), ctx, spec, deadline);
}

export async function healFault(ctx: FaultContext, spec: FaultSpec): Promise<void> {
  try {
    await faultFor(spec.fault).heal(ctx, spec);
  } catch (err) {
    throw asFaultError(`could not heal ${spec.fault} ${spec.regions.join(' ')} (${spec.id})`, err);
  }
  forgetFault(ctx.root, spec.id);
}
