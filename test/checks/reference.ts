// Brute-force reference implementations, written straight from DESIGN.md section 7 with
// quadratic loops and no indexes. Property tests assert the fast checks agree exactly.
import type { Op } from '../../src/history/ops.js';
import type { FinalState } from '../../src/model.js';
import { isRegisterOp, valueId, writtenValue } from '../../src/checks/values.js';

const precedes = (a: Op, b: Op): boolean => a.outcome === 'ok' && a.complete < b.invoke;
const isW = (o: Op) => o.f === 'write' || o.f === 'cas';

export class Reference {
  readonly reg: Op[];
  constructor(all: Op[]) {
    this.reg = all.filter(isRegisterOp);
  }

  /** W(v): the earliest-invoked write of key carrying v; null for null; undefined if none. */
  writeOf(key: string, v: unknown): Op | null | undefined {
    if (v === null || v === undefined) return null;
    const ws = this.reg.filter(
      (o) => o.key === key && isW(o) && valueId(writtenValue(o)) === valueId(v),
    );
    return ws.sort((a, b) => a.invoke - b.invoke)[0];
  }

  okReads(): Op[] {
    return this.reg.filter((o) => o.f === 'read' && o.outcome === 'ok');
  }

  judged(rd: Op): boolean {
    const wv = this.writeOf(rd.key, rd.value);
    return wv === null || (wv !== undefined && wv.outcome !== 'fail');
  }

  /** The writes that make rd stale (empty = not stale). */
  superseding(rd: Op): Op[] {
    if (!this.judged(rd)) return [];
    const wv = this.writeOf(rd.key, rd.value);
    return this.reg.filter(
      (w) =>
        w.key === rd.key &&
        isW(w) &&
        w.outcome === 'ok' &&
        w !== wv &&
        precedes(w, rd) &&
        (wv === null || precedes(wv!, w)),
    );
  }

  staleness(): number[] {
    return this.okReads().flatMap((rd) => {
      const ws = this.superseding(rd);
      return ws.length === 0 ? [] : [rd.invoke - Math.min(...ws.map((w) => w.complete))];
    });
  }

  readYourWrites(): number {
    return this.okReads().filter((rd) => this.superseding(rd).some((w) => w.session === rd.session))
      .length;
  }

  monotonic(): number {
    const reads = this.okReads().filter((rd) => this.judged(rd));
    return reads.filter((r2) =>
      reads.some((r1) => {
        // "Later" = later in the session's own sequence (a process runs one op at a time).
        if (
          r1.session !== r2.session ||
          r1.key !== r2.key ||
          !(reads.indexOf(r1) < reads.indexOf(r2))
        )
          return false;
        const w1 = this.writeOf(r1.key, r1.value);
        const w2 = this.writeOf(r2.key, r2.value);
        if (w2 === null) return w1 !== null;
        return w1 !== null && precedes(w2!, w1!);
      }),
    ).length;
  }

  impossible(): { garbage: number; aborted: number; future: number } {
    const out = { garbage: 0, aborted: 0, future: 0 };
    for (const rd of this.okReads()) {
      const w = this.writeOf(rd.key, rd.value);
      if (w === undefined) out.garbage++;
      else if (w !== null && w.outcome === 'fail') out.aborted++;
      else if (w !== null && w.invoke > rd.complete) out.future++;
    }
    return out;
  }

  lost(final: FinalState): { count: number; keys: string[] } {
    const keys = new Set<string>();
    let count = 0;
    for (const key of new Set(this.reg.map((o) => o.key))) {
      const views = Object.values(final.regions).map((kv) => valueId(kv[key] ?? null));
      if (views.some((v) => v !== views[0])) continue;
      const vf = Object.values(final.regions)[0]?.[key] ?? null;
      const wvf = this.writeOf(key, vf);
      for (const w of this.reg.filter((o) => o.key === key && isW(o) && o.outcome === 'ok')) {
        if (w !== wvf && (wvf === null || (wvf !== undefined && precedes(wvf, w)))) {
          count++;
          keys.add(key);
        }
      }
    }
    return { count, keys: [...keys].sort() };
  }

  /** Impossible final values: per (region, key) of a key with register ops, a non-null value
   * no write of the key carried (garbage), or only failed writes carried (aborted); a list no
   * write carried is judged sibling by sibling. */
  finalImpossible(final: FinalState): { garbage: number; aborted: number; keys: string[] } {
    const out = { garbage: 0, aborted: 0, keys: new Set<string>() };
    const carriers = (key: string, v: unknown) =>
      this.reg.filter((o) => o.key === key && isW(o) && valueId(writtenValue(o)) === valueId(v));
    const kind = (key: string, v: unknown): 'garbage' | 'aborted' | 'fine' => {
      if (v === null || v === undefined) return 'fine';
      const ws = carriers(key, v);
      if (ws.length === 0) return 'garbage';
      return ws.every((o) => o.outcome === 'fail') ? 'aborted' : 'fine';
    };
    for (const kv of Object.values(final.regions)) {
      for (const [key, v] of Object.entries(kv)) {
        if (!this.reg.some((o) => o.key === key)) continue;
        let verdict = kind(key, v);
        if (verdict === 'garbage' && Array.isArray(v)) {
          const each = v.map((s) => kind(key, s));
          verdict = each.includes('garbage')
            ? 'garbage'
            : each.includes('aborted')
              ? 'aborted'
              : 'fine';
        }
        if (verdict === 'fine') continue;
        out[verdict]++;
        out.keys.add(key);
      }
    }
    return { garbage: out.garbage, aborted: out.aborted, keys: [...out.keys].sort() };
  }

  splitBrainPairs(start: number, end: number, a: string[], b: string[]): number {
    const inWin = this.reg.filter(
      (o) => isW(o) && o.outcome === 'ok' && o.invoke >= start && o.complete <= end,
    );
    let pairs = 0;
    for (const x of inWin)
      for (const y of inWin)
        if (x.key === y.key && a.includes(x.region) && b.includes(y.region)) pairs++;
    return pairs;
  }
}

/** Failover by brute force: try each ok router op in completion order; recovery is the first
 * one from whose 1 s window on every window up to the end meets the target. */
export function referenceFailover(all: Op[], start: number, end: number, target: number) {
  const router = all.filter((o) => o.via === 'router' && o.complete >= start && o.complete <= end);
  router.sort((a, b) => a.complete - b.complete);
  const windowOf = (t: number) => Math.floor((t - start) / 1000);
  const meets = (w: number) => {
    const inW = router.filter((o) => windowOf(o.complete) === w);
    return inW.length === 0 || inW.filter((o) => o.outcome === 'ok').length / inW.length >= target;
  };
  const recovery = router.find((o) => {
    if (o.outcome !== 'ok') return false;
    for (let w = windowOf(o.complete); w <= windowOf(end); w++) if (!meets(w)) return false;
    return true;
  });
  const failed = router.filter((o) => o.outcome !== 'ok');
  return {
    detectionMs: failed[0] ? failed[0].complete - start : null,
    failoverMs: recovery ? recovery.complete - start : null,
    errors: failed.filter((o) => !recovery || o.complete <= recovery.complete).length,
  };
}

/** Lag samples by brute force: for each ok probe write and each other region with probe reads,
 * the earliest ok read there of its value. */
export function referenceLag(all: Op[]): number[] {
  const probes = all.filter(
    (o) => o.outcome === 'ok' && o.process.startsWith('probe-') && o.key.startsWith('probe:'),
  );
  const regions = [...new Set(probes.map((o) => o.region))];
  const samples: number[] = [];
  for (const w of probes.filter((o) => o.f === 'write')) {
    for (const region of regions.filter((r) => r !== w.region)) {
      const seen = probes.filter(
        (o) => o.f === 'read' && o.region === region && o.key === w.key && o.value === w.value,
      );
      if (seen.length > 0)
        samples.push(Math.max(0, Math.min(...seen.map((o) => o.complete)) - w.complete));
    }
  }
  return samples.sort((a, b) => a - b);
}
