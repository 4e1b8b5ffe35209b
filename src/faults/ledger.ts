// The faults in force, in .gameday/faults.json: written before a fault is injected, so a
// gameday killed mid-way still leaves `status` and `heal` something to read.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { CorruptLedgerError } from '../errors.js';
import { paths, writeJsonAtomic } from '../topology/state.js';
import type { FaultSpec } from './types.js';

export interface LedgerEntry {
  spec: FaultSpec;
  appliedAt: string;
  /** When the watchdog heals it if gameday has not (ISO time); absent = never. */
  deadline?: string;
}

/** The faults in force. Throws a TopologyError (exit 3) when faults.json cannot be read:
 * `gameday heal` (everything) still works, from Toxiproxy's and the regions' real state. */
export function readLedger(root: string): LedgerEntry[] {
  const file = paths.ledger(root);
  if (!existsSync(file)) return [];
  let ledger: unknown;
  try {
    ledger = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw corruptLedger(file, (err as Error).message);
  }
  if (!Array.isArray(ledger) || !ledger.every((e) => typeof e?.spec?.id === 'string'))
    throw corruptLedger(file, 'not a list of faults');
  return ledger as LedgerEntry[];
}

function corruptLedger(file: string, reason: string): CorruptLedgerError {
  return new CorruptLedgerError(
    `${file} is unreadable (${reason})`,
    '`gameday heal` heals everything without it (the watchdog does so at once)',
  );
}

/** Called before the fault is applied (injectFault): a gameday killed at any later moment
 * leaves the entry for `status`, `heal ID` and the watchdog's deadline. A killed process needs
 * no sync for that (the page cache outlives it); writeJsonAtomic's one fdatasync is for a
 * power cut, after which the file is whole (old or new list), never empty. */
export function recordFault(root: string, spec: FaultSpec, deadline?: Date): void {
  const rest = readLedger(root).filter((e) => e.spec.id !== spec.id);
  const entry: LedgerEntry = { spec, appliedAt: new Date().toISOString() };
  if (deadline) entry.deadline = deadline.toISOString();
  writeJsonAtomic(paths.ledger(root), [...rest, entry]);
}

export function forgetFault(root: string, id: string): void {
  const rest = readLedger(root).filter((e) => e.spec.id !== id);
  if (rest.length === 0) clearLedger(root);
  else writeJsonAtomic(paths.ledger(root), rest);
}

/** No fault in force: the file is removed, which reads as an empty ledger. An unlink is as
 * atomic as writing `[]` and renaming it over (a reader, or a machine restarted after a power
 * cut, finds the old list or none, never a part), and needs no fsync: should the unlink be
 * lost in a crash, the old list names faults already healed, and healing them again (the
 * watchdog at their deadline, `gameday heal`) changes nothing. Saves `heal` one fsync. */
export function clearLedger(root: string): void {
  rmSync(paths.ledger(root), { force: true });
}
