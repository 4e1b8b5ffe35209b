// Stale reads and read-your-writes violations (DESIGN.md section 7).
// R (ok read of k returning v) is stale if an ok write W ≠ W(v) precedes R and W(v) precedes W
// (or v is null). Staleness = R.invoke − the earliest ok time of such a W. Read-your-writes:
// such a W exists among the ok writes of R's own process and session.
import type { Op } from '../history/ops.js';
import type { Evidence, Report } from '../model.js';
import { EvidenceList, seconds, show } from './evidence.js';
import { earliestSuperseding, writeOfValue, type KeyHistory } from './registers.js';
import { firstIndex, percentile, roundMs, sortNumbers } from './stats.js';
import { groupBy } from './values.js';

type StaleResult = Report['checks']['staleReads'];
type RywResult = Report['checks']['readYourWrites'];

/** W(v) for a read the stale/RYW/monotonic checks may judge; undefined = impossible read. */
export function judgedWrite(kh: KeyHistory, read: Op): Op | null | undefined {
  const w = writeOfValue(kh, read.value);
  return w === undefined || (w !== null && w.outcome === 'fail') ? undefined : w;
}

export function checkStaleReads(keys: Map<string, KeyHistory>): {
  staleReads: StaleResult;
  readYourWrites: RywResult;
} {
  const check = new StaleReads();
  for (const kh of keys.values()) check.add(kh);
  return check.result();
}

/** What StaleReads found over some keys, for a StaleReads of the keys before them. */
export interface StalePartial {
  staleness: number[];
  regions: [string, { count: number; reads: number }][];
  reads: number;
  ryw: number;
  stale: Evidence[];
  rywEvidence: Evidence[];
}

/** Stale reads and read-your-writes, fed one key at a time (src/checks/all.ts). */
export class StaleReads {
  private readonly staleness: number[] = [];
  private readonly regions = new Map<string, { count: number; reads: number }>();
  private readonly staleEvidence = new EvidenceList();
  private readonly rywEvidence = new EvidenceList();
  private reads = 0;
  private ryw = 0;

  add(kh: KeyHistory): void {
    const sessions = new SessionIndex(kh);
    for (const read of kh.reads) {
      this.reads++;
      let region = this.regions.get(read.region);
      if (!region) this.regions.set(read.region, (region = { count: 0, reads: 0 }));
      region.reads++;
      const wv = judgedWrite(kh, read);
      if (wv === undefined) continue;
      const newer = earliestSuperseding(kh, wv);
      if (!newer || newer.ok >= read.invoke) continue;
      region.count++;
      this.staleness.push(read.invoke - newer.ok);
      this.staleEvidence.add(read, () => staleNote(read, newer));
      if (sessions.of(read.session)?.overwritesBefore(wv, read.invoke)) {
        this.ryw++;
        this.rywEvidence.add(
          read,
          () => `${read.process} read ${show(read.value)} after its own newer write`,
        );
      }
    }
  }

  partial(): StalePartial {
    return {
      staleness: this.staleness,
      regions: [...this.regions],
      reads: this.reads,
      ryw: this.ryw,
      stale: this.staleEvidence.list(),
      rywEvidence: this.rywEvidence.list(),
    };
  }

  /** Adds what another StaleReads found over the keys after these (a region new here comes
   * after the ones seen here, as one pass would have met it). */
  merge(p: StalePartial): void {
    for (const s of p.staleness) this.staleness.push(s);
    for (const [name, r] of p.regions) {
      const region = this.regions.get(name);
      if (region) {
        region.count += r.count;
        region.reads += r.reads;
      } else this.regions.set(name, { ...r });
    }
    this.reads += p.reads;
    this.ryw += p.ryw;
    this.staleEvidence.addWritten(p.stale);
    this.rywEvidence.addWritten(p.rywEvidence);
  }

  result(): { staleReads: StaleResult; readYourWrites: RywResult } {
    const { staleness, reads } = this;
    const sorted = sortNumbers(staleness);
    const byRegion: StaleResult['byRegion'] = {};
    for (const [name, r] of this.regions) {
      byRegion[name] = { ...r, ratePer10k: per10k(r.count, r.reads) };
    }
    return {
      staleReads: {
        count: staleness.length,
        reads,
        ratePer10k: per10k(staleness.length, reads),
        byRegion,
        stalenessMs: {
          p50: roundMs(percentile(sorted, 50)),
          p99: roundMs(percentile(sorted, 99)),
          max: roundMs(percentile(sorted, 100)),
        },
        evidence: this.staleEvidence.list(),
      },
      readYourWrites: { count: this.ryw, evidence: this.rywEvidence.list() },
    };
  }
}

const per10k = (count: number, total: number): number => (total === 0 ? 0 : (count * 1e4) / total);

function staleNote(read: Op, newer: Op): string {
  return (
    `${read.process} in ${read.region} read ${show(read.value)} at ${seconds(read.invoke)}, ` +
    `but ${show(newer.value)} was acknowledged at ${seconds(newer.ok)}`
  );
}

/** A session's ok writes of one key, by ok time, with prefix maxima of invoke times. */
class SessionWrites {
  private readonly prefixMaxInvoke: Float64Array;
  constructor(private readonly writes: Op[]) {
    writes.sort((a, b) => a.ok - b.ok);
    this.prefixMaxInvoke = new Float64Array(writes.length);
    let max = -Infinity;
    writes.forEach((w, i) => (this.prefixMaxInvoke[i] = max = Math.max(max, w.invoke)));
  }

  /** Does a write of this session that precedes time `t` supersede `wv` (wv precedes it)? */
  overwritesBefore(wv: Op | null, t: number): boolean {
    const n = firstIndex(this.writes, (w) => w.ok >= t);
    if (n === 0) return false;
    if (wv === null) return true;
    return wv.outcome === 'ok' && (this.prefixMaxInvoke[n - 1] as number) > wv.ok;
  }
}

/** Per-session write indexes of one key, built only for sessions that had a stale read. */
class SessionIndex {
  private bySession: Map<string, Op[]> | undefined;
  private readonly built = new Map<string, SessionWrites>();
  constructor(private readonly kh: KeyHistory) {}

  of(session: string): SessionWrites | undefined {
    let index = this.built.get(session);
    if (index) return index;
    this.bySession ??= groupBy(this.kh.okWrites, (w) => w.session);
    const writes = this.bySession.get(session);
    if (!writes) return undefined;
    this.built.set(session, (index = new SessionWrites(writes)));
    return index;
  }
}
