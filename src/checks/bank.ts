// Bank (withdraw workload) and counter (add workload) checks, judged against final.json.
// Overdraft: per account, the sum of approved withdrawals exceeds the initial balance; money
// drift: final balance ≠ initial − approved. Approved = ok without `approved: false` (a refusal
// for insufficient funds is an answer that moved no money). An info op may or may not have
// happened: its amount widens the allowed range, never more.
import type { Op } from '../history/ops.js';
import { filterOps } from '../history/table.js';
import type { FinalState, Report } from '../model.js';
import { EvidenceList, show } from './evidence.js';
import { groupBy } from './values.js';

export type Final = (FinalState & { initial?: Record<string, unknown> }) | null;

/** A number from a store value: 42, "42" or {"balance": 42}; NaN otherwise. */
export function numeric(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  if (v && typeof v === 'object' && 'balance' in v) return numeric(v.balance);
  return NaN;
}

const amountOf = (op: Op): number =>
  op.f === 'withdraw'
    ? numeric((op.value as { amount?: unknown } | null)?.amount)
    : numeric(op.value);

interface Sums {
  ok: number;
  infoLow: number;
  infoHigh: number;
}

/** An ok withdraw moved money unless the bank refused it; an ok add always did. */
export const approved = (op: Op): boolean =>
  op.outcome === 'ok' &&
  !(op.f === 'withdraw' && (op.value as { approved?: unknown } | null)?.approved === false);

function sums(ops: Op[], sign: number): Sums {
  const s = { ok: 0, infoLow: 0, infoHigh: 0 };
  for (const op of ops) {
    const n = sign * (amountOf(op) || 0);
    if (approved(op)) s.ok += n;
    else if (op.outcome === 'info' && n < 0) s.infoLow += n;
    else if (op.outcome === 'info') s.infoHigh += n;
  }
  return s;
}

/** How far outside [low, high] the worst region's final value is (absent = initial;
 * a value that is not a number is infinitely far). */
function worstDistance(final: Final, key: string, initial: number, low: number, high: number) {
  let worst = 0;
  for (const kv of Object.values(final?.regions ?? {})) {
    const v = key in kv ? numeric(kv[key]) : initial;
    const d = Number.isNaN(v) ? Infinity : v < low ? low - v : v > high ? v - high : 0;
    worst = Math.max(worst, d);
  }
  return worst;
}

export function checkBank(
  ops: Iterable<Op>,
  final: Final,
  balance: number,
): Report['checks']['bank'] {
  const result = { overdrafts: 0, drift: 0, accounts: 0, overdraftAmount: 0, driftAmount: 0 };
  const evidence = new EvidenceList();
  for (const [account, withdraws] of groupBy(
    filterOps(ops, (o) => o.f === 'withdraw', { f: ['withdraw'] }),
    (o) => o.key,
  )) {
    const initial = numeric(final?.initial?.[account] ?? balance);
    const s = sums(withdraws, -1);
    result.accounts++;
    if (-s.ok > initial) {
      result.overdrafts++;
      result.overdraftAmount += -s.ok - initial;
      evidence.addNote(0, `${account}: approved ${-s.ok} from a balance of ${initial}`, account);
    }
    const d = worstDistance(final, account, initial, initial + s.ok + s.infoLow, initial + s.ok);
    if (d > 0) {
      result.drift++;
      if (Number.isFinite(d)) result.driftAmount += d;
      evidence.addNote(
        0,
        `${account}: final balance is ${show(d)} away from ${initial + s.ok}`,
        account,
      );
    }
  }
  return { ...result, evidence: evidence.list() };
}

export function checkCounters(ops: Iterable<Op>, final: Final): Report['checks']['counters'] {
  let lostIncrements = 0;
  let counters = 0;
  const evidence = new EvidenceList();
  for (const [key, adds] of groupBy(
    filterOps(ops, (o) => o.f === 'add', { f: ['add'] }),
    (o) => o.key,
  )) {
    const initial = numeric(final?.initial?.[key] ?? 0);
    const s = sums(adds, 1);
    counters++;
    const d = worstDistance(
      final,
      key,
      initial,
      initial + s.ok + s.infoLow,
      initial + s.ok + s.infoHigh,
    );
    if (d > 0) {
      lostIncrements += Number.isFinite(d) ? d : 1; // a non-numeric counter: count it once
      evidence.addNote(
        0,
        `${key}: final counter is ${show(d)} off the ${s.ok} acknowledged adds`,
        key,
      );
    }
  }
  return { lostIncrements, counters, evidence: evidence.list() };
}
