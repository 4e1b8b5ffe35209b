// Evidence: the first few offending operations, with a sentence a person can read. Checks may
// find hundreds of thousands of offences; only the earliest few are kept, and their sentences
// are written only for those.
import type { Evidence } from '../model.js';
import type { Op } from '../history/ops.js';

export const EVIDENCE_LIMIT = 5;

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(3)} s`;

export const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

type Note = string | (() => string);

interface Pending {
  time: number;
  op?: Op;
  key?: string;
  note: Note;
  /** Evidence already written (kept by a list of other keys, then joined). */
  done?: Evidence;
}

/** Keeps the EVIDENCE_LIMIT earliest offences. */
export class EvidenceList {
  private readonly items: Pending[] = [];

  add(op: Op, note: Note): void {
    this.keep({ time: op.invoke, op, note });
  }

  addNote(time: number, note: Note, key?: string): void {
    this.keep({ time, key, note });
  }

  /** Adds what another list kept, in its order (a list built in parts, then joined). */
  addAll(other: EvidenceList): void {
    for (const item of other.items) this.keep(item);
  }

  /** Adds another list's kept evidence, written out (`list()` of a list of later keys): the
   * same as if its offences had been added here one by one, in its order. */
  addWritten(items: readonly Evidence[]): void {
    for (const done of items) this.keep({ time: done.time, note: done.note, done });
  }

  private keep(item: Pending): void {
    const full = this.items.length >= EVIDENCE_LIMIT;
    if (full && item.time >= this.items[this.items.length - 1]!.time) return;
    const at = this.items.findIndex((i) => i.time > item.time);
    this.items.splice(at < 0 ? this.items.length : at, 0, item);
    if (this.items.length > EVIDENCE_LIMIT) this.items.pop();
  }

  list(): Evidence[] {
    return this.items.map(({ time, op, key, note, done }) => {
      if (done) return done;
      const text = typeof note === 'string' ? note : note();
      if (!op) return key === undefined ? { time, note: text } : { time, key, note: text };
      const { key: k, region, process, value } = op;
      return { time, key: k, region, process, value, note: text };
    });
  }
}
