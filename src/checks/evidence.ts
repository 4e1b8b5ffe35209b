// Evidence: the first few offending operations, with a sentence a person can read.
import type { Evidence } from '../model.js';
import type { Op } from '../history/ops.js';

export const EVIDENCE_LIMIT = 5;

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(3)} s`;

export const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** Collects at most EVIDENCE_LIMIT items, the earliest in time. */
export class EvidenceList {
  private readonly items: Evidence[] = [];

  add(op: Op, note: string): void {
    this.items.push({
      time: op.invoke,
      key: op.key,
      region: op.region,
      process: op.process,
      value: op.value,
      note,
    });
  }

  addNote(time: number, note: string, key?: string): void {
    this.items.push(key === undefined ? { time, note } : { time, key, note });
  }

  list(): Evidence[] {
    return this.items.sort((a, b) => a.time - b.time).slice(0, EVIDENCE_LIMIT);
  }
}
