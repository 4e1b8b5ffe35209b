// Which faults in force have outlived their deadline: pure, so the rule is tested in memory.
import type { LedgerEntry } from '../faults/index.js';

/** Entries whose deadline is at or before `now` (entries without one never expire). */
export function expiredFaults(ledger: LedgerEntry[], now: number): LedgerEntry[] {
  return ledger.filter((e) => e.deadline !== undefined && Date.parse(e.deadline) <= now);
}

/** Milliseconds until the watchdog heals this entry; undefined when it has no deadline. */
export function timeLeftMs(entry: LedgerEntry, now: number): number | undefined {
  if (entry.deadline === undefined) return undefined;
  return Math.max(0, Date.parse(entry.deadline) - now);
}

/** The default lifetime of an ad-hoc `gameday fault` (`--ttl` changes it). */
export const DEFAULT_FAULT_TTL_MS = 10 * 60_000;

/** How long after its step's planned end a scenario fault is left before the watchdog heals it:
 * room for a heal that runs late, short enough that a killed run heals soon after. */
export const RUN_DEADLINE_MARGIN_MS = 5_000;
