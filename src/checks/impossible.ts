// Impossible reads (DESIGN.md section 7), each a hard error. A read is classified once, in
// this order: garbage (no write ever carried the value), aborted (its write failed),
// future (its write was invoked after the read completed).
import type { Evidence, Report } from '../model.js';
import { EvidenceList, seconds, show } from './evidence.js';
import { writeOfValue, type KeyHistory } from './registers.js';

type Result = Report['checks']['impossibleReads'];

export function checkImpossibleReads(keys: Map<string, KeyHistory>): Result {
  const check = new ImpossibleReads();
  for (const kh of keys.values()) check.add(kh);
  return check.result();
}

export interface ImpossiblePartial {
  counts: { garbage: number; aborted: number; future: number };
  evidence: Evidence[];
}

/** Impossible reads, fed one key at a time (src/checks/all.ts). */
export class ImpossibleReads {
  private readonly counts = { garbage: 0, aborted: 0, future: 0 };
  private readonly evidence = new EvidenceList();

  add(kh: KeyHistory): void {
    const { counts: result, evidence } = this;
    for (const read of kh.reads) {
      const w = writeOfValue(kh, read.value);
      const seen = () =>
        `${read.process} in ${read.region} read ${show(read.value)} of ${read.key}`;
      if (w === null) continue;
      if (w === undefined) {
        result.garbage++;
        evidence.add(read, () => `${seen()}, a value no write carried`);
      } else if (w.outcome === 'fail') {
        result.aborted++;
        evidence.add(read, () => `${seen()}, written by a write that failed`);
      } else if (w.invoke > read.complete) {
        result.future++;
        evidence.add(
          read,
          () => `${seen()} at ${seconds(read.complete)}, before its write was invoked`,
        );
      }
    }
  }

  partial(): ImpossiblePartial {
    return { counts: { ...this.counts }, evidence: this.evidence.list() };
  }

  /** Adds what another ImpossibleReads found over the keys after these. */
  merge(p: ImpossiblePartial): void {
    this.counts.garbage += p.counts.garbage;
    this.counts.aborted += p.counts.aborted;
    this.counts.future += p.counts.future;
    this.evidence.addWritten(p.evidence);
  }

  result(): Result {
    return { ...this.counts, evidence: this.evidence.list() };
  }
}
