// Impossible final values (DESIGN.md section 7), a hard error like impossible reads: a settled
// value in final.json that no write of that key carried (garbage), or only failed writes of
// that key carried (aborted). Counted per (region, key); a list of siblings (mv) is judged
// sibling by sibling. Judged keys: those the register ops of the history touched.
import type { FinalState, Report } from '../model.js';
import { EvidenceList, show } from './evidence.js';
import type { KeyHistory } from './registers.js';

type Result = Report['checks']['finalImpossible'];
type Verdict = 'garbage' | 'aborted' | undefined;

export function checkFinalImpossible(
  keys: Map<string, KeyHistory>,
  final: FinalState | null,
): Result {
  const check = new FinalImpossible(final);
  for (const kh of keys.values()) check.add(kh);
  return check.result();
}

/** Impossible final values, fed one key at a time (src/checks/all.ts): verdicts are kept per
 * region and key, and the result walks final.json in its own order. */
export class FinalImpossible {
  private readonly verdicts = new Map<string, Map<string, 'garbage' | 'aborted'>>();
  constructor(private readonly final: FinalState | null) {}

  add(kh: KeyHistory): void {
    if (!this.final) return;
    for (const [region, kv] of Object.entries(this.final.regions)) {
      if (!Object.hasOwn(kv, kh.key)) continue;
      const verdict = judge(kh, kv[kh.key]);
      if (!verdict) continue;
      let inRegion = this.verdicts.get(region);
      if (!inRegion) this.verdicts.set(region, (inRegion = new Map()));
      inRegion.set(kh.key, verdict);
    }
  }

  /** The verdicts found so far, region by region. */
  partial(): [string, [string, 'garbage' | 'aborted'][]][] {
    return [...this.verdicts].map(([region, keys]) => [region, [...keys]]);
  }

  /** Adds the verdicts another FinalImpossible (same final state) found over other keys. */
  merge(p: [string, [string, 'garbage' | 'aborted'][]][]): void {
    for (const [region, keys] of p) {
      let inRegion = this.verdicts.get(region);
      if (!inRegion) this.verdicts.set(region, (inRegion = new Map()));
      for (const [key, verdict] of keys) inRegion.set(key, verdict);
    }
  }

  result(): Result {
    const result = { count: 0, garbage: 0, aborted: 0 };
    const found = new Set<string>();
    const evidence = new EvidenceList();
    if (!this.final) return { count: 0, keys: [] };
    for (const [region, kv] of Object.entries(this.final.regions)) {
      const inRegion = this.verdicts.get(region);
      if (!inRegion) continue;
      for (const [key, value] of Object.entries(kv)) {
        const verdict = inRegion.get(key);
        if (!verdict) continue;
        result.count++;
        result[verdict]++;
        found.add(key);
        const why =
          verdict === 'garbage' ? 'a value no write carried' : 'carried only by failed writes';
        evidence.addNote(0, `${region} settled on ${show(value)} for ${key}, ${why}`, key);
      }
    }
    return { ...result, keys: [...found].sort(), evidence: evidence.list() };
  }
}

/** A value some write carried without failing is fine; else a list is judged per sibling. */
function judge(kh: KeyHistory, value: unknown): Verdict {
  const whole = judgeOne(kh, value);
  if (whole !== 'garbage' || !Array.isArray(value)) return whole;
  const siblings = value.map((sibling) => judgeOne(kh, sibling));
  if (siblings.includes('garbage')) return 'garbage';
  return siblings.includes('aborted') ? 'aborted' : undefined;
}

function judgeOne(kh: KeyHistory, value: unknown): Verdict {
  if (value === null || value === undefined || kh.liveWriteOf.get(value)) return undefined;
  return kh.writeOf.get(value) ? 'aborted' : 'garbage';
}
