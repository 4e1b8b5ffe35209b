// The explicit registry of fault kinds, and the three calls the CLI and the run orchestrator use.
import { BadInputError, FaultError, GamedayError } from '../errors.js';
import { FAULT_KINDS, type FaultKind } from '../model.js';
import { ToxiproxyApi } from '../toxiproxy/api.js';
import { clockRegions, setClock } from '../topology/clock.js';
import type { TopologyState } from '../topology/driver.js';
import { driverFor } from '../topology/index.js';
import { bandwidth } from './bandwidth.js';
import { clockSkew } from './clock-skew.js';
import { flaky } from './flaky.js';
import { isolateRegion } from './isolate-region.js';
import { killRegion } from './kill-region.js';
import { clearLedger, forgetFault, readLedger, recordFault } from './ledger.js';
import { latency } from './latency.js';
import { partition } from './partition.js';
import { pauseRegion } from './pause-region.js';
import { slowClose } from './slow-close.js';
import { stopRegion } from './stop-region.js';
import type { Fault, FaultContext, FaultSpec } from './types.js';

export type { Fault, FaultContext, FaultSpec } from './types.js';
export { readLedger, type LedgerEntry } from './ledger.js';

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

/** Builds what faults need from a recorded topology. */
export function faultContext(root: string, state: TopologyState): FaultContext {
  return {
    state,
    root,
    toxiproxy: new ToxiproxyApi(state.toxiproxy.url),
    regions: driverFor(root, state.driver, state),
  };
}

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

/** Applies a fault; on failure heals what was half-applied and throws FaultError.
 * `deadline`: when the watchdog (src/watchdog) heals it should gameday not be there to. */
export async function injectFault(
  ctx: FaultContext,
  spec: FaultSpec,
  deadline?: Date,
): Promise<void> {
  const fault = faultFor(spec.fault);
  fault.validate(spec, ctx.state);
  // Reusing an id would make this fault's cleanup (or heal) remove the earlier one's toxics.
  if (readLedger(ctx.root).some((e) => e.spec.id === spec.id)) {
    throw new BadInputError(
      `a fault with id "${spec.id}" is already in force`,
      'heal it first, or pick another id',
    );
  }
  const clash = readLedger(ctx.root).find((e) => fault.clashes?.(spec, e.spec));
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

export async function healFault(ctx: FaultContext, spec: FaultSpec): Promise<void> {
  try {
    await faultFor(spec.fault).heal(ctx, spec);
  } catch (err) {
    throw asFaultError(`could not heal ${spec.fault} ${spec.regions.join(' ')} (${spec.id})`, err);
  }
  forgetFault(ctx.root, spec.id);
}

/** Every link clean, every proxy enabled, every region running: whatever the ledger says. */
export async function healAll(ctx: FaultContext): Promise<void> {
  // Each repair is tried even when another fails: a dead Toxiproxy must not keep a paused
  // region frozen. The first failure is reported once everything was attempted.
  const repairs = [
    async () => {
      // A dead Toxiproxy comes back first (docker: its container), with new ports perhaps.
      if (await ctx.regions.reviveToxiproxy?.())
        ctx.toxiproxy = new ToxiproxyApi(ctx.state.toxiproxy.url);
      await ctx.toxiproxy.reset();
    },
    ...Object.keys(ctx.state.regions).map((region) => async () => {
      if ((await ctx.regions.status(region)) !== 'running') await ctx.regions.restore(region);
    }),
    // Every clock back to true (the clock-skew fault), whether the ledger names it or not.
    async () => {
      for (const region of clockRegions(ctx.root)) setClock(ctx.root, region, 0);
    },
  ];
  const failures: unknown[] = [];
  for (const repair of repairs) await repair().catch((err: unknown) => failures.push(err));
  if (failures.length > 0) throw asFaultError('could not heal the topology', failures[0]);
  clearLedger(ctx.root);
}

function asFaultError(what: string, err: unknown): GamedayError {
  if (err instanceof BadInputError) return err;
  const cause = err instanceof GamedayError ? err.message : String(err);
  return new FaultError(
    `${what}: ${cause}`,
    err instanceof GamedayError ? err.hint : 'run `gameday heal`, then `gameday status`',
  );
}
