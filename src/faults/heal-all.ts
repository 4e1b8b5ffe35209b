// Heal everything, whatever the ledger says (`gameday heal`, the watchdog on an unreadable
// ledger, the end of a run). Apart from the registry (index.ts): it needs no fault kind, so
// `gameday heal` does not load them.
import { BadInputError, FaultError, GamedayError } from '../errors.js';
import { ToxiproxyApi } from '../toxiproxy/api.js';
import { clockRegions, setClock } from '../topology/clock.js';
import { clearLedger } from './ledger.js';
import type { FaultContext } from './types.js';

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

/** A failure to apply or heal, as the CLI reports it (a BadInputError stays one). */
export function asFaultError(what: string, err: unknown): GamedayError {
  if (err instanceof BadInputError) return err;
  const cause = err instanceof GamedayError ? err.message : String(err);
  return new FaultError(
    `${what}: ${cause}`,
    err instanceof GamedayError ? err.hint : 'run `gameday heal`, then `gameday status`',
  );
}
