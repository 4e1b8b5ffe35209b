// The faults in force, in .gameday/faults.json: written before a fault is injected, so a
// gameday killed mid-way still leaves `status` and `heal` something to read.
import { existsSync, readFileSync } from 'node:fs';
import { paths, writeJsonAtomic } from '../topology/state.js';
import type { FaultSpec } from './types.js';

export interface LedgerEntry {
  spec: FaultSpec;
  appliedAt: string;
}

export function readLedger(root: string): LedgerEntry[] {
  const file = paths.ledger(root);
  if (!existsSync(file)) return [];
  return JSON.parse(readFileSync(file, 'utf8')) as LedgerEntry[];
}

export function recordFault(root: string, spec: FaultSpec): void {
  const rest = readLedger(root).filter((e) => e.spec.id !== spec.id);
  writeJsonAtomic(paths.ledger(root), [...rest, { spec, appliedAt: new Date().toISOString() }]);
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
