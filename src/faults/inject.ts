// Applying one fault of a given kind: validated, checked against the faults in force, recorded
// in the ledger before it acts (so a crash can always heal it), undone if it fails half-way.
import { BadInputError } from '../errors.js';
import { asFaultError } from './heal-all.js';
import { forgetFault, readLedger, recordFault } from './ledger.js';
import type { Fault, FaultContext, FaultSpec } from './types.js';

/** Applies a fault; on failure heals what was half-applied and throws FaultError.
 * `deadline`: when the watchdog (src/watchdog) heals it should gameday not be there to. */
export async function injectWith(
  fault: Fault,
  ctx: FaultContext,
  spec: FaultSpec,
  deadline?: Date,
): Promise<void> {
  fault.validate(spec, ctx.state);
  // Reusing an id would make this fault's cleanup (or heal) remove the earlier one's toxics.
  const inForce = readLedger(ctx.root);
  if (inForce.some((e) => e.spec.id === spec.id)) {
    throw new BadInputError(
      `a fault with id "${spec.id}" is already in force`,
      'heal it first, or pick another id',
    );
  }
  const clash = inForce.find((e) => fault.clashes?.(spec, e.spec));
  if (clash) {
    throw new BadInputError(
      `${clash.spec.fault} ${clash.spec.regions.join(' ')} is already in force (${clash.spec.id})`,
      `heal it first: gameday heal ${clash.spec.id}`,
    );
  }
  recordFault(ctx.root, spec, deadline);
  try {
    await fault.inject(ctx, spec);
  } catch (err) {
    await fault.heal(ctx, spec).catch(() => undefined);
    forgetFault(ctx.root, spec.id);
    throw asFaultError(`could not apply ${spec.fault} ${spec.regions.join(' ')}`, err);
  }
}
