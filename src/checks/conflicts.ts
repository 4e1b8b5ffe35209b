// Conflict rate (DESIGN.md §7, seed M4), per 10k ok writes, probes excluded. `history`: ok
// writes W1 (acknowledged by a) and W2 (by b ≠ a) of one key with W1.ok ≤ W2.ok conflict if W2
// was invoked before b covered the first ok probe write of a invoked at or after W1.ok (no such
// write, or never covered: they conflict); a write counts once. `store`: the store's own
// conflict counter's increase over the run (store-counters.json), summed over regions.
import type { Op } from '../history/ops.js';
import { filterOps } from '../history/table.js';
import type { Report, StoreCounters } from '../model.js';
import { ProbeCoverage } from './coverage.js';
import { groupBy, isProbeKey } from './values.js';

type Result = Report['checks']['conflictRate'];

/** Ok operations that changed the store: write, cas, add, and withdrawals approved. */
export function isOkWrite(op: Op): boolean {
  if (op.outcome !== 'ok' || isProbeKey(op.key)) return false;
  if (op.f === 'withdraw') return (op.value as { approved?: unknown } | null)?.approved !== false;
  return op.f === 'write' || op.f === 'cas' || op.f === 'add';
}

export function checkConflictRate(
  ops: Iterable<Op>,
  counters: StoreCounters | null,
  coverage = new ProbeCoverage(ops),
): Result {
  const check = new ConflictRate(counters, coverage);
  for (const [, sameKey] of groupBy(filterOps(ops, isOkWrite), (op) => op.key)) {
    check.add(sameKey);
  }
  return check.result();
}

/** The conflict rate, fed one key's operations at a time (src/checks/all.ts). */
export class ConflictRate {
  private writes = 0;
  private conflicts = 0;
  constructor(
    private readonly counters: StoreCounters | null,
    private readonly coverage: ProbeCoverage,
  ) {}

  add(keyOps: readonly Op[]): void {
    const sameKey = keyOps.filter(isOkWrite);
    this.writes += sameKey.length;
    // Without any probe write, coverage cannot be told: the history figure is not had.
    if (this.coverage.writes.size > 0) this.conflicts += conflictingWrites(sameKey, this.coverage);
  }

  partial(): { writes: number; conflicts: number } {
    return { writes: this.writes, conflicts: this.conflicts };
  }

  /** Adds what another ConflictRate (same counters and probes) found over other keys. */
  merge(p: { writes: number; conflicts: number }): void {
    this.writes += p.writes;
    this.conflicts += p.conflicts;
  }

  result(): Result {
    const { writes } = this;
    const per10k = (n: number | null) =>
      n === null ? null : writes === 0 ? 0 : (n * 10_000) / writes;
    const conflicts = this.coverage.writes.size === 0 ? null : this.conflicts;
    const storeConflicts = counterIncrease(this.counters);
    return {
      store: per10k(storeConflicts),
      history: per10k(conflicts),
      writes,
      conflicts: conflicts ?? 0,
      storeConflicts,
    };
  }
}

/** The writes of one key that conflict (each counted once). */
function conflictingWrites(sameKey: Op[], coverage: ProbeCoverage): number {
  const flagged = new Set<Op>();
  const byRegion = groupBy(
    sameKey.slice().sort((x, y) => x.ok - y.ok),
    (op) => op.acked,
  );
  for (const [a, first] of byRegion) {
    for (const [b, second] of byRegion) {
      if (a !== b) flagPairs(first, second, (w1) => deadline(coverage, a, b, w1), flagged);
    }
  }
  return flagged.size;
}

/** When b covered the first probe write of a invoked at or after W1's ok (Infinity: never). */
function deadline(coverage: ProbeCoverage, a: string, b: string, w1: Op): number {
  const probe = coverage.firstWriteFrom(a, w1.ok);
  return probe ? coverage.coverTime(a, b, probe.seq) : Infinity;
}

/** Flags every W1 in `first` and W2 in `second` (both by ok time) of a conflicting pair. */
function flagPairs(first: Op[], second: Op[], deadlineOf: (w1: Op) => number, out: Set<Op>) {
  const deadlines = first.map(deadlineOf);
  const latestDeadline: number[] = []; // prefix maxima of the deadlines
  for (const d of deadlines) latestDeadline.push(Math.max(latestDeadline.at(-1) ?? -Infinity, d));
  const earliestInvoke: number[] = new Array<number>(second.length); // suffix minima
  for (let j = second.length - 1; j >= 0; j--) {
    earliestInvoke[j] = Math.min(earliestInvoke[j + 1] ?? Infinity, (second[j] as Op).invoke);
  }
  // Both lists go by ok time, so each walks the other once: `before` counts the W1s
  // acknowledged at or before W2, `from` is the first W2 acknowledged at or after W1.
  let before = 0;
  for (const w2 of second) {
    while (before < first.length && first[before]!.ok <= w2.ok) before++;
    if (before > 0 && latestDeadline[before - 1]! > w2.invoke) out.add(w2);
  }
  let from = 0;
  first.forEach((w1, i) => {
    while (from < second.length && second[from]!.ok < w1.ok) from++;
    if (from < second.length && earliestInvoke[from]! < deadlines[i]!) out.add(w1);
  });
}

/** Σ over regions of end − start; a counter that went down was reset (a restart): its end
 * value is the increase. Null when the store offers no counter or a read failed. */
export function counterIncrease(counters: StoreCounters | null): number | null {
  if (!counters) return null;
  const { start, end } = counters.conflicts;
  let total = 0;
  for (const region of new Set([...Object.keys(start), ...Object.keys(end)])) {
    const from = start[region];
    const to = end[region];
    if (typeof from !== 'number' || typeof to !== 'number') return null;
    total += to >= from ? to - from : to;
  }
  return total;
}
