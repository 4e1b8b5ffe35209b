// Duplicate effects (docs/checks.md "Duplicate effects"): withdraw and add operations whose
// logical operation (its attempts, linked by `logical`) was applied more than once, judged from
// the settled values. Per account or counter, without a duplicate the value can move at most
// by the amounts of the logical ops that may have applied (an approved ok or an info attempt;
// a refusal or a fail moved nothing). Whatever a region's settled value moved beyond that is a
// duplicated amount, capped by what the retried attempts could have added; the count is the
// fewest logical ops that could have duplicated that much. Both are lower bounds: a lost
// update can hide a duplicate, never make one.
import type { Op } from '../history/ops.js';
import { filterOps } from '../history/table.js';
import type { Report } from '../model.js';
import { approved, numeric, type Final } from './bank.js';
import { EvidenceList, show } from './evidence.js';
import { groupBy } from './values.js';

export type DuplicateEffects = NonNullable<Report['checks']['duplicateEffects']>;

const amountOf = (op: Op): number =>
  numeric(op.f === 'withdraw' ? (op.value as { amount?: unknown } | null)?.amount : op.value) || 0;

/** An attempt that may have moved money or a counter. */
const mayHaveApplied = (op: Op): boolean => approved(op) || op.outcome === 'info';

/** Logical operations an evidence note names (the first, by invoke time). */
const NAMED = 3;

/** Per logical op of one key: its id (absent for an op without retries), amount and how many
 * of its attempts may have applied. */
function logicalOps(ops: Op[]): { id?: string; amount: number; applied: number }[] {
  let alone = 0;
  const byLogical = groupBy(ops, (op) => op.logical ?? `\0${alone++}`);
  return [...byLogical.values()].map((attempts) => ({
    id: attempts[0]!.logical,
    amount: Math.abs(amountOf(attempts[0]!)),
    applied: attempts.filter(mayHaveApplied).length,
  }));
}

/** "; retried logical operations that may have applied twice or more: a, b, c (and 4 more)". */
function retriedNote(logical: { id?: string; applied: number }[]): string {
  const ids = logical.filter((l) => l.applied > 1 && l.id !== undefined).map((l) => l.id!);
  if (ids.length === 0) return '';
  const more = ids.length > NAMED ? ` (and ${ids.length - NAMED} more)` : '';
  return `; retried logical operations that may have applied twice or more: ${ids.slice(0, NAMED).join(', ')}${more}`;
}

export function checkDuplicateEffects(
  ops: Iterable<Op>,
  final: Final,
  balance: number,
): DuplicateEffects {
  const result: DuplicateEffects = { count: 0, amount: 0, keys: [], candidates: 0 };
  const evidence = new EvidenceList();
  const effects = filterOps(ops, (o) => o.f === 'withdraw' || o.f === 'add', {
    f: ['withdraw', 'add'],
  });
  for (const keyOps of groupBy(effects, (o) => `${o.f}\n${o.key}`).values()) {
    const withdraw = keyOps[0]!.f === 'withdraw';
    const account = keyOps[0]!.key;
    const sign = withdraw ? -1 : 1;
    const initial = numeric(final?.initial?.[account] ?? (withdraw ? balance : 0));
    const logical = logicalOps(keyOps);
    result.candidates += logical.filter((l) => l.applied > 1).length;
    const reach = logical.reduce((sum, l) => sum + (l.applied > 0 ? l.amount : 0), 0);
    const extras = logical.map((l) => l.amount * Math.max(0, l.applied - 1)).filter((e) => e > 0);
    const capacity = extras.reduce((sum, e) => sum + e, 0);
    if (capacity === 0 || Number.isNaN(initial)) continue;
    let beyond = 0;
    for (const kv of Object.values(final?.regions ?? {})) {
      const v = account in kv ? numeric(kv[account]) : initial;
      if (!Number.isNaN(v)) beyond = Math.max(beyond, sign * (v - initial) - reach);
    }
    const amount = Math.min(beyond, capacity);
    if (amount <= 0) continue;
    result.amount += amount;
    result.count += fewestCovering(extras, amount);
    result.keys.push(account);
    const moved = withdraw ? 'below' : 'above';
    evidence.addNote(
      0,
      () =>
        `${account}: settled ${show(amount)} ${moved} what its ${logical.length} logical operations could reach applied once each (${show(initial + sign * reach)})${retriedNote(logical)}`,
      account,
    );
  }
  return { ...result, evidence: evidence.list() };
}

/** The fewest of `extras` (each logical op's most it could add by repeating) summing to `amount`. */
function fewestCovering(extras: number[], amount: number): number {
  const sorted = [...extras].sort((a, b) => b - a);
  let sum = 0;
  let n = 0;
  while (sum < amount && n < sorted.length) sum += sorted[n++]!;
  return n;
}
