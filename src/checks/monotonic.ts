// Monotonic-read violations (DESIGN.md section 7): within one session and key, a later read
// returns v2 where W(v2) precedes W(v1) for some earlier read v1, or null after a non-null
// value. O(n): keep the latest invoke time among the earlier reads' writes.
import type { Evidence, Report } from '../model.js';
import { EvidenceList, show } from './evidence.js';
import type { KeyHistory } from './registers.js';
import { judgedWrite } from './stale.js';

type Result = Report['checks']['monotonicReads'];

export function checkMonotonicReads(keys: Map<string, KeyHistory>): Result {
  const check = new MonotonicReads();
  for (const kh of keys.values()) check.add(kh);
  return check.result();
}

/** Monotonic-read violations, fed one key at a time (src/checks/all.ts). */
export class MonotonicReads {
  private count = 0;
  private readonly evidence = new EvidenceList();

  add(kh: KeyHistory): void {
    const { evidence } = this;
    // Per session: whether it read a non-null value, and the latest invoke among their writes.
    const sessions = new Map<string, { seenNonNull: boolean; latestInvoke: number }>();
    for (const read of kh.reads) {
      const w = judgedWrite(kh, read);
      if (w === undefined) continue;
      let s = sessions.get(read.session);
      if (!s) sessions.set(read.session, (s = { seenNonNull: false, latestInvoke: -Infinity }));
      if (w === null ? s.seenNonNull : w.ok < s.latestInvoke) {
        this.count++;
        evidence.add(read, () => `${read.process} read ${show(read.value)} after a newer value`);
      }
      if (w !== null) {
        s.seenNonNull = true;
        s.latestInvoke = Math.max(s.latestInvoke, w.invoke);
      }
    }
  }

  partial(): { count: number; evidence: Evidence[] } {
    return { count: this.count, evidence: this.evidence.list() };
  }

  /** Adds what another MonotonicReads found over the keys after these. */
  merge(p: { count: number; evidence: Evidence[] }): void {
    this.count += p.count;
    this.evidence.addWritten(p.evidence);
  }

  result(): Result {
    return { count: this.count, evidence: this.evidence.list() };
  }
}
