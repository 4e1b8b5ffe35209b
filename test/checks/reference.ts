// Brute-force reference implementations, written straight from DESIGN.md section 7 with
// quadratic loops and no indexes. Property tests assert the fast checks agree exactly.
import type { Op } from '../../src/history/ops.js';
import type { FinalState, RunEvent } from '../../src/model.js';
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

  /** Keys with a split-brain pair whose regions agree on one value that an A write in the
   * window carried (else a B write: the side checked first keeps), and a B (else A) write in
   * the window invoked after every kept write carrying it was acknowledged. */
  newerWriteLost(start: number, end: number, a: string[], b: string[], final: FinalState) {
    const inWin = this.reg.filter(
      (o) => isW(o) && o.outcome === 'ok' && o.invoke >= start && o.complete <= end,
    );
    const keys = new Set<string>();
    for (const key of new Set(inWin.map((o) => o.key))) {
      const sideA = inWin.filter((o) => o.key === key && a.includes(o.acked));
      const sideB = inWin.filter((o) => o.key === key && b.includes(o.acked));
      if (sideA.length === 0 || sideB.length === 0) continue;
      const views = Object.values(final.regions).map((kv) => JSON.stringify(kv[key] ?? null));
      if (views.some((v) => v !== views[0])) continue;
      const vf = JSON.parse(views[0]!) as unknown;
      if (vf === null || (Array.isArray(vf) && vf.length > 1)) continue;
      const carries = (o: Op) => valueId(writtenValue(o)) === valueId(vf);
      const [kept, lost] = sideA.some(carries) ? [sideA, sideB] : [sideB, sideA];
      const keptWrites = kept.filter(carries);
      if (keptWrites.length === 0) continue;
      if (lost.some((l) => keptWrites.every((k) => k.complete < l.invoke))) keys.add(key);
    }
    return [...keys].sort();
  }

  splitBrainPairs(start: number, end: number, a: string[], b: string[]): number {
    const inWin = this.reg.filter(
      (o) => isW(o) && o.outcome === 'ok' && o.invoke >= start && o.complete <= end,
    );
    let pairs = 0;
    for (const x of inWin)
      for (const y of inWin)
        if (x.key === y.key && a.includes(x.acked) && b.includes(y.acked)) pairs++;
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

// Probes (DESIGN.md §6–7): key `probe:<origin>`, values `probe:<origin>:<seq>`.
const probeSeqOf = (v: unknown): number | null => {
  const m = typeof v === 'string' ? /:(\d+)$/.exec(v) : null;
  return m ? Number(m[1]) : null;
};
const probeOps = (all: Op[]) =>
  all.filter((o) => o.key.startsWith('probe:') && (o.f === 'read' || o.f === 'write'));
const okProbeWrites = (all: Op[], a: string) =>
  probeOps(all).filter(
    (o) =>
      o.f === 'write' &&
      o.outcome === 'ok' &&
      o.key === `probe:${a}` &&
      probeSeqOf(o.value) !== null,
  );
const okProbeReads = (all: Op[], a: string, b: string) =>
  probeOps(all).filter(
    (o) => o.f === 'read' && o.outcome === 'ok' && o.key === `probe:${a}` && o.region === b,
  );
/** When b covered a's write of sequence n: the earliest ok read in b returning ≥ n. */
const coverTime = (all: Op[], a: string, b: string, n: number): number =>
  Math.min(
    ...okProbeReads(all, a, b)
      .filter((rd) => (probeSeqOf(rd.value) ?? -Infinity) >= n)
      .map((rd) => rd.complete),
  );

export interface ReferenceLag {
  /** Every judged (write, other region) lag, sorted. */
  lags: number[];
  uncovered: number;
  byDirection: Record<string, { lags: number[]; uncovered: number } | null>;
  series: { time: number; lagMs: number; from: string; to: string }[];
}

/** Replication lag by brute force, straight from DESIGN.md §7. */
export function referenceLag(all: Op[]): ReferenceLag {
  const origins = [
    ...new Set(
      probeOps(all)
        .filter((o) => o.f === 'write')
        .map((o) => o.key.slice(6)),
    ),
  ];
  const regions = new Set([...probeOps(all).map((o) => o.region), ...origins]);
  const out: ReferenceLag = { lags: [], uncovered: 0, byDirection: {}, series: [] };
  for (const a of origins) {
    for (const b of [...regions].filter((r) => r !== a)) {
      const reads = okProbeReads(all, a, b);
      if (reads.length === 0) {
        out.byDirection[`${a}->${b}`] = null;
        continue;
      }
      const last = Math.max(...reads.map((rd) => rd.complete));
      const dir = { lags: [] as number[], uncovered: 0 };
      for (const w of okProbeWrites(all, a)) {
        if (w.complete > last) continue;
        const cover = coverTime(all, a, b, probeSeqOf(w.value)!);
        if (cover === Infinity) dir.uncovered++;
        dir.lags.push(Math.max(0, (cover === Infinity ? last : cover) - w.complete));
      }
      out.byDirection[`${a}->${b}`] = dir;
      out.lags.push(...dir.lags);
      out.uncovered += dir.uncovered;
      for (const rd of reads) {
        const m = probeSeqOf(rd.value) ?? -Infinity;
        const missing = okProbeWrites(all, a).filter(
          (w) => probeSeqOf(w.value)! > m && w.complete < rd.complete,
        );
        const lagMs =
          missing.length === 0 ? 0 : rd.complete - Math.min(...missing.map((w) => w.complete));
        out.series.push({ time: rd.complete, lagMs, from: a, to: b });
      }
    }
  }
  out.lags.sort((x, y) => x - y);
  return out;
}

/** Ok writes for the conflict rate: write, cas, add, approved withdraw; probes excluded. */
export const conflictWrites = (all: Op[]): Op[] =>
  all.filter(
    (o) =>
      o.outcome === 'ok' &&
      !o.key.startsWith('probe:') &&
      (['write', 'cas', 'add'].includes(o.f) ||
        (o.f === 'withdraw' && (o.value as { approved?: unknown })?.approved !== false)),
  );

/** Ok writes that conflict (DESIGN.md §7 conflict rate, `history`), by brute force over pairs;
 * null when the run has no ok probe write. */
export function referenceConflicts(all: Op[]): number | null {
  if (
    !probeOps(all).some(
      (o) => o.f === 'write' && o.outcome === 'ok' && probeSeqOf(o.value) !== null,
    )
  )
    return null;
  const writes = conflictWrites(all);
  const flagged = new Set<Op>();
  for (const w1 of writes) {
    for (const w2 of writes) {
      if (w1 === w2 || w1.key !== w2.key || w1.acked === w2.acked) continue;
      if (w1.complete > w2.complete) continue;
      const probe = okProbeWrites(all, w1.acked)
        .filter((p) => p.invoke >= w1.complete)
        .sort((x, y) => x.invoke - y.invoke)[0];
      const deadline = probe
        ? coverTime(all, w1.acked, w2.acked, probeSeqOf(probe.value)!)
        : Infinity;
      if (w2.invoke < deadline) flagged.add(w1).add(w2);
    }
  }
  return flagged.size;
}

/** A fault step as the references read it from events. */
export interface RefStep {
  id: string;
  fault: string;
  regions: string[];
  start: number;
  end: number;
}

const REGION_KINDS = ['kill-region', 'stop-region', 'pause-region', 'isolate-region'];

/** Phases by brute force: cut [start, end] at every fault time strictly inside; name each piece
 * by the faults in force at its start, else the faults that ended last, else `before`. */
export function referencePhases(unordered: RefStep[], start: number, end: number) {
  const steps = [...unordered].sort((a, b) => a.start - b.start); // ids in start order
  const times = [start, end];
  for (const s of steps) for (const t of [s.start, s.end]) if (t > start && t < end) times.push(t);
  const cuts = [...new Set(times)].sort((a, b) => a - b);
  const pieces = cuts.length === 1 ? [[start, end]] : cuts.slice(1).map((t, i) => [cuts[i]!, t]);
  return pieces.map(([a, b]) => {
    const inForce = steps.filter((s) => s.start <= a! && s.end > a!);
    const ended = steps.filter((s) => s.end <= a!);
    const lastEnd = Math.max(...ended.map((s) => s.end));
    const name =
      inForce.length > 0
        ? `during:${inForce.map((s) => s.id).join('+')}`
        : ended.length === 0
          ? 'before'
          : `after:${ended
              .filter((s) => s.end === lastEnd)
              .map((s) => s.id)
              .join('+')}`;
    return { phase: name, startMs: a!, endMs: b!, inForce };
  });
}

type RefPhase = ReturnType<typeof referencePhases>[number];

/** Is t in the phase: [start, end), and the last phase includes its end. */
const inPhase = (t: number, p: RefPhase, last: boolean) =>
  t >= p.startMs && (t < p.endMs || (last && t === p.endMs));

const entry = (o: Op) => (o.via === 'router' ? 'router' : o.region);

/** ok / all per entry, over every op that is not a probe. */
function ratios(list: Op[]) {
  const byEntry: Record<string, number> = {};
  for (const e of new Set(list.map(entry))) {
    const mine = list.filter((o) => entry(o) === e);
    byEntry[e] = mine.filter((o) => o.outcome === 'ok').length / mine.length;
  }
  return byEntry;
}

/** Availability by brute force: per entry, overall, and per phase by invoke time. */
export function referenceAvailability(all: Op[], phases: RefPhase[]) {
  const load = all.filter((o) => !o.key.startsWith('probe:'));
  const okShare = (list: Op[]) => list.filter((o) => o.outcome === 'ok').length / list.length;
  return {
    overall: load.length === 0 ? 1 : okShare(load),
    byEntry: ratios(load),
    byPhase: phases.map((p, i) => {
      const mine = load.filter((o) => inPhase(o.invoke, p, i === phases.length - 1));
      return {
        phase: p.phase,
        startMs: p.startMs,
        endMs: p.endMs,
        ops: mine.length,
        overall: mine.length === 0 ? null : okShare(mine),
        byEntry: ratios(mine),
      };
    }),
  };
}

/** Traffic distribution by brute force: shares of ok router ops per answering region against
 * an even share over the regions no region fault holds in the phase. */
export function referenceTraffic(all: Op[], phases: RefPhase[], regions: string[]) {
  return phases.map((p, i) => {
    const ok = all.filter(
      (o) =>
        o.via === 'router' &&
        o.outcome === 'ok' &&
        !o.key.startsWith('probe:') &&
        inPhase(o.invoke, p, i === phases.length - 1),
    );
    const answered = ok.filter((o) => regions.includes(o.region));
    const down = (r: string) =>
      p.inForce.some((s) => REGION_KINDS.includes(s.fault) && s.regions.includes(r));
    const up = regions.filter((r) => !down(r));
    const expected = Object.fromEntries(
      regions.map((r) => [r, down(r) || up.length === 0 ? 0 : 1 / up.length]),
    );
    const shares: Record<string, number> = {};
    if (answered.length > 0)
      for (const r of regions)
        shares[r] = answered.filter((o) => o.region === r).length / answered.length;
    const gaps = Object.keys(shares).map((r) => Math.abs(shares[r]! - expected[r]!));
    return {
      phase: p.phase,
      ops: answered.length,
      unknown: ok.length - answered.length,
      shares,
      expected,
      skew: gaps.length === 0 ? null : Math.max(...gaps),
    };
  });
}

/** Overdraft and money drift by brute force, from DESIGN §7 and §6: approved = an ok withdraw
 * whose ok does not say `approved: false`; each info withdraw may or may not have happened, so
 * every subset of them is tried (few per account in the property tests). */
export function referenceBank(all: Op[], final: FinalState, initial: number) {
  const out = { overdrafts: 0, overdraftAmount: 0, drift: 0, driftAmount: 0 };
  const accounts = [...new Set(all.filter((o) => o.f === 'withdraw').map((o) => o.key))];
  for (const account of accounts) {
    const mine = all.filter((o) => o.f === 'withdraw' && o.key === account);
    const amount = (o: Op) => (o.value as { amount: number }).amount;
    const isApproved = (o: Op) =>
      o.outcome === 'ok' && (o.value as { approved?: boolean }).approved !== false;
    let spent = 0;
    for (const o of mine) if (isApproved(o)) spent += amount(o);
    if (spent > initial) {
      out.overdrafts += 1;
      out.overdraftAmount += spent - initial;
    }
    const infos = mine.filter((o) => o.outcome === 'info').map(amount);
    const possible: number[] = [];
    for (let mask = 0; mask < 1 << infos.length; mask++) {
      let extra = 0;
      infos.forEach((a, i) => (extra += mask & (1 << i) ? a : 0));
      possible.push(initial - spent - extra);
    }
    let worst = 0;
    for (const kv of Object.values(final.regions)) {
      const v = account in kv ? (kv[account] as number) : initial;
      // The allowed values form a range: the checker's distance is to the nearest end.
      const lo = Math.min(...possible);
      const hi = Math.max(...possible);
      worst = Math.max(worst, v < lo ? lo - v : v > hi ? v - hi : 0);
    }
    if (worst > 0) {
      out.drift += 1;
      out.driftAmount += worst;
    }
  }
  return out;
}

/** Time to detect / to mitigate by brute force, straight from docs/checks.md "Response". */
export function referenceResponse(
  events: RunEvent[],
  all: Op[],
  faults: { id: string; start: number }[],
  timelineEnd: number,
  target: number,
) {
  const workload = all.filter((o) => !o.key.startsWith('probe:'));
  const router = workload.filter((o) => o.via === 'router');
  const entry = router.length > 0 ? router : workload;
  return faults.map((f) => {
    const later = faults.filter((g) => g.start > f.start).map((g) => g.start);
    const end = Math.min(...later, Math.max(timelineEnd, f.start));
    const inWindow = (e: RunEvent) => e.time >= f.start && e.time < end;
    const candidates = events.filter(inWindow).sort((a, b) => a.time - b.time);
    const detected = candidates.find(
      (e) =>
        (e.type === 'mark' && e.kind === 'detected') ||
        (e.type === 'probe' && e.alert === true && e.ok === false),
    );
    const holds = (from: number) => {
      for (let i = 0; from + i * 1000 < end; i++) {
        const lo = from + i * 1000;
        const inW = entry.filter((o) => o.complete >= lo && o.complete < Math.min(lo + 1000, end));
        const ok = inW.filter((o) => o.outcome === 'ok').length;
        if (inW.length > 0 && ok / inW.length < target - 1e-9) return false;
      }
      return true;
    };
    const mitigated = candidates.find(
      (e) =>
        (e.type === 'mark' && e.kind === 'mitigated') ||
        (e.type === 'action-end' && e.mitigates === true && e.ok === true && holds(e.time)),
    );
    return {
      detectMs: detected ? detected.time - f.start : null,
      mitigateMs: mitigated ? mitigated.time - f.start : null,
    };
  });
}

/** Duplicate effects by brute force (docs/checks.md "Duplicate effects"): every vector of how
 * many times each logical withdraw/add applied (0 up to its attempts that may have applied:
 * approved ok or info) is tried. Per region, the movement of the settled value is clamped to
 * the largest movement any vector allows; amount = how far that exceeds the largest movement
 * with every logical op applied at most once; count = the fewest logical ops applied twice or
 * more in a vector that reaches the movement. Worst region per key, summed over keys. */
export function referenceDuplicates(all: Op[], final: FinalState, balance: number) {
  const out = { count: 0, amount: 0, keys: [] as string[] };
  const keys = [
    ...new Set(
      all.filter((o) => o.f === 'withdraw' || o.f === 'add').map((o) => `${o.f} ${o.key}`),
    ),
  ];
  for (const fk of keys) {
    const [f, key] = fk.split(' ') as [string, string];
    const mine = all.filter((o) => o.f === f && o.key === key);
    const logical = new Map<string, Op[]>();
    mine.forEach((o, i) => {
      const id = o.logical ?? `alone ${i}`;
      logical.set(id, [...(logical.get(id) ?? []), o]);
    });
    const amountOf = (o: Op) =>
      f === 'withdraw' ? (o.value as { amount: number }).amount : (o.value as number);
    const could = (o: Op) =>
      o.outcome === 'info' ||
      (o.outcome === 'ok' && (o.value as { approved?: boolean } | null)?.approved !== false);
    const groups = [...logical.values()].map((attempts) => ({
      a: amountOf(attempts[0]!),
      m: attempts.filter(could).length,
    }));
    // Every vector t with 0 <= t_L <= m_L.
    const vectors: number[][] = [[]];
    for (const g of groups) {
      const next: number[][] = [];
      for (const v of vectors) for (let t = 0; t <= g.m; t++) next.push([...v, t]);
      vectors.splice(0, vectors.length, ...next);
    }
    const moved = (t: number[]) => t.reduce((s, tl, i) => s + tl * groups[i]!.a, 0);
    const twice = (t: number[]) => t.filter((tl) => tl >= 2).length;
    const once = Math.max(...vectors.filter((t) => t.every((x) => x <= 1)).map(moved));
    const most = Math.max(...vectors.map(moved));
    const initial = f === 'withdraw' ? balance : 0;
    const sign = f === 'withdraw' ? -1 : 1;
    let amount = 0;
    let count = 0;
    for (const kv of Object.values(final.regions)) {
      const v = key in kv ? (kv[key] as number) : initial;
      const movement = Math.min(sign * (v - initial), most);
      const a = Math.max(0, movement - once);
      if (a === 0) continue;
      const c = Math.min(...vectors.filter((t) => moved(t) >= movement).map(twice));
      amount = Math.max(amount, a);
      count = Math.max(count, c);
    }
    if (amount > 0) {
      out.amount += amount;
      out.count += count;
      out.keys.push(key);
    }
  }
  return out;
}

/** In-flight fate by brute force (docs/checks.md "In-flight fate") for one region fault from
 * `start` to `end`: every non-probe op with invoke ≤ start < complete; its logical op (its
 * `logical` id, else itself) succeeded when any op of that id is ok; the logical failover is
 * referenceFailover over logical router ops (earliest invoke, latest completion's outcome). */
export function referenceInFlight(all: Op[], start: number, end: number, target: number) {
  const ops = all.filter((o) => !o.key.startsWith('probe:'));
  const idOf = (o: Op) => o.logical ?? `${o.process} ${o.invoke} ${o.f} ${o.key}`;
  const caught = ops.filter((o) => o.invoke <= start && start < o.complete);
  const ids = [...new Set(caught.map(idOf))];
  const merged = [...new Set(ops.map(idOf))].map((id) => {
    const attempts = ops.filter((o) => idOf(o) === id);
    const last = [...attempts].sort((a, b) => b.complete - a.complete)[0]!;
    return { ...last, invoke: Math.min(...attempts.map((o) => o.invoke)) };
  });
  return {
    ops: caught.length,
    ok: caught.filter((o) => o.outcome === 'ok').length,
    fail: caught.filter((o) => o.outcome === 'fail').length,
    info: caught.filter((o) => o.outcome === 'info').length,
    logical: ids.length,
    succeeded: ids.filter((id) => ops.some((o) => idOf(o) === id && o.outcome === 'ok')).length,
    failoverMs: referenceFailover(ops, start, end, target).failoverMs,
    logicalFailoverMs: referenceFailover(merged, start, end, target).failoverMs,
  };
}
