// Divergence and lost acknowledged writes: both judge final.json (DESIGN.md section 7).
// A key absent from a region's map reads as null there. Probe keys are not judged.
import type { Evidence, FinalState, Report } from '../model.js';
import { EvidenceList, show } from './evidence.js';
import { writeOfValue, type KeyHistory } from './registers.js';
import { firstIndex } from './stats.js';
import { isProbeKey, valueId } from './values.js';

/** The value all regions agree on for `key` (null = absent everywhere), or undefined. */
export function agreedValue(final: FinalState, key: string): unknown | undefined {
  const seen = Object.values(final.regions).map((kv) => kv[key] ?? null);
  const first = seen[0] ?? null;
  return seen.every((v) => valueId(v) === valueId(first)) ? first : undefined;
}

export function checkDivergence(final: FinalState | null): Report['checks']['divergence'] {
  if (!final) return { keys: [] };
  const all = new Set<string>();
  for (const kv of Object.values(final.regions)) for (const k of Object.keys(kv)) all.add(k);
  const keys = [...all].filter((k) => !isProbeKey(k) && agreedValue(final, k) === undefined);
  const evidence = new EvidenceList();
  for (const key of keys.slice(0, 5)) {
    const views = Object.entries(final.regions).map(([r, kv]) => `${r}=${show(kv[key] ?? null)}`);
    evidence.addNote(0, `${key}: ${views.join(', ')} after settling`, key);
  }
  return { keys: keys.sort(), evidence: evidence.list() };
}

export function checkLostWrites(
  keys: Map<string, KeyHistory>,
  final: FinalState | null,
): Report['checks']['lostWrites'] {
  const check = new LostWrites(final);
  for (const kh of keys.values()) check.add(kh);
  return check.result();
}

export interface LostPartial {
  count: number;
  keys: string[];
  evidence: Evidence[];
}

/** Lost acknowledged writes, fed one key at a time (src/checks/all.ts). */
export class LostWrites {
  private count = 0;
  private readonly lostKeys: string[] = [];
  private readonly evidence = new EvidenceList();
  constructor(private readonly final: FinalState | null) {}

  add(kh: KeyHistory): void {
    if (!this.final) return;
    const vf = agreedValue(this.final, kh.key);
    if (vf === undefined) return;
    const wvf = writeOfValue(kh, vf);
    if (wvf === undefined || (wvf !== null && wvf.outcome !== 'ok')) return;
    const from = wvf === null ? 0 : firstIndex(kh.okWrites, (w) => w.invoke > wvf.ok);
    const lost = kh.okWrites.slice(from);
    if (lost.length === 0) return;
    this.count += lost.length;
    this.lostKeys.push(kh.key);
    for (const w of lost.slice(0, 5)) {
      this.evidence.add(
        w,
        `${w.region} acknowledged ${show(w.value)} of ${w.key}, final is ${show(vf)}`,
      );
    }
  }

  partial(): LostPartial {
    return { count: this.count, keys: this.lostKeys, evidence: this.evidence.list() };
  }

  /** Adds what another LostWrites (same final state) found over the keys after these. */
  merge(p: LostPartial): void {
    this.count += p.count;
    for (const key of p.keys) this.lostKeys.push(key);
    this.evidence.addWritten(p.evidence);
  }

  result(): Report['checks']['lostWrites'] {
    if (!this.final) return { count: 0, keys: [], evidence: [] };
    return { count: this.count, keys: this.lostKeys.sort(), evidence: this.evidence.list() };
  }
}
