// Monotonic-read violations (DESIGN.md section 7): within one session and key, a later read
// returns v2 where W(v2) precedes W(v1) for some earlier read v1, or null after a non-null
// value. O(n): keep the latest invoke time among the earlier reads' writes.
import type { Op } from '../history/ops.js';
import type { Report } from '../model.js';
import { EvidenceList, show } from './evidence.js';
import type { KeyHistory } from './registers.js';
import { judgedWrite } from './stale.js';
import { groupBy } from './values.js';

type Result = Report['checks']['monotonicReads'];

export function checkMonotonicReads(keys: Map<string, KeyHistory>): Result {
  let count = 0;
  const evidence = new EvidenceList();
  for (const kh of keys.values()) {
    for (const reads of groupBy(kh.reads, (r) => r.session).values()) {
      for (const read of violations(kh, reads)) {
        count++;
        evidence.add(read, `${read.process} read ${show(read.value)} after a newer value`);
      }
    }
  }
  return { count, evidence: evidence.list() };
}

function* violations(kh: KeyHistory, reads: Op[]): Generator<Op> {
  let seenNonNull = false;
  let latestInvoke = -Infinity;
  for (const read of reads) {
    const w = judgedWrite(kh, read);
    if (w === undefined) continue;
    const older = w === null ? seenNonNull : w.ok < latestInvoke;
    if (older) yield read;
    if (w !== null) {
      seenNonNull = true;
      latestInvoke = Math.max(latestInvoke, w.invoke);
    }
  }
}
