// The faults in force, in .gameday/faults.json: written before a fault is injected, so a
// gameday killed mid-way still leaves `status` and `heal` something to read.
import { existsSync, readFileSync } from 'node:fs';
import { paths, writeJsonAtomic } from '../topology/state.js';
import type { FaultSpec } from './types.js';

export interface LedgerEntry {
  spec: FaultSpec;
  appliedAt: string;
  /** When the watchdog heals it if gameday has not (ISO time); absent = never. */
  deadline?: string;
}

export function readLedger(root: string): LedgerEntry[] {
  const file = paths.ledger(root);
  if (!existsSync(file)) return [];
  return JSON.parse(readFileSync(file, 'utf8')) as LedgerEntry[];
}

export function recordFault(root: string, spec: FaultSpec, deadline?: Date): void {
  const rest = readLedger(root).filter((e) => e.spec.id !== spec.id);
  const entry: LedgerEntry = { spec, appliedAt: new Date().toISOString() };
  if (deadline) entry.deadline = deadline.toISOString();
  writeJsonAtomic(paths.ledger(root), [...rest, entry]);
}

export function forgetFault(root: string, id: string): void {
  writeJsonAtomic(
    paths.ledger(root),
    readLedger(root).filter((e) => e.spec.id !== id),
  );
}

export function clearLedger(root: string): void {
  writeJsonAtomic(paths.ledger(root), []);
}
