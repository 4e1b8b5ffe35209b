// Brute-force linearizability of one register key, for the property test: try every subset
// of the unanswered (info) writes/cas to leave out, and every order of the rest; a history is
// linearizable when some order respects real time (A before B whenever A's ok came before B's
// invoke) and replays legally from an absent register. Slow (n! orders) and obviously correct.
import type { Op } from '../../src/history/ops.js';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
/** A cas answered "compare failed" (an unanswered one was answered nothing). */
const refused = (op: Op) =>
  op.outcome !== 'info' && (op.value as { applied?: unknown } | null)?.applied === false;

/** The ops a register judges: ok reads, writes and cas that did not fail, refused cas. */
function judged(op: Op): boolean {
  if (op.f === 'read') return op.outcome === 'ok';
  if (op.f === 'cas' && refused(op)) return true;
  return (op.f === 'write' || op.f === 'cas') && op.outcome !== 'fail';
}

/** Replays `order` from an absent register; false at the first op that cannot happen. */
function legal(order: Op[]): boolean {
  let state: unknown = null;
  for (const op of order) {
    const cas = op.value as { from: unknown; to: unknown };
    if (op.f === 'read') {
      if (!same(state, op.value)) return false;
    } else if (op.f === 'write') {
      state = op.value;
    } else if (refused(op)) {
      if (same(state, cas.from)) return false;
    } else if (same(state, cas.from)) {
      state = cas.to;
    } else if (op.outcome === 'ok') {
      return false;
    }
  }
  return true;
}

/** A precedes B: A was acknowledged (or refused) before B was invoked. */
const precedes = (a: Op, b: Op) => a.outcome !== 'info' && a.complete < b.invoke;

function respectsRealTime(order: Op[]): boolean {
  for (let i = 0; i < order.length; i++) {
    for (let j = i + 1; j < order.length; j++) if (precedes(order[j]!, order[i]!)) return false;
  }
  return true;
}

function* permutations(items: Op[]): Generator<Op[]> {
  if (items.length === 0) return yield [];
  for (let i = 0; i < items.length; i++) {
    const rest = [...items.slice(0, i), ...items.slice(i + 1)];
    for (const tail of permutations(rest)) yield [items[i]!, ...tail];
  }
}

export function bruteForceLinearizable(ops: Op[]): boolean {
  const all = ops.filter(judged);
  const maybe = all.filter((op) => op.outcome === 'info');
  const sure = all.filter((op) => op.outcome !== 'info');
  for (let mask = 0; mask < 1 << maybe.length; mask++) {
    const kept = [...sure, ...maybe.filter((_, i) => mask & (1 << i))];
    for (const order of permutations(kept)) {
      if (respectsRealTime(order) && legal(order)) return true;
    }
  }
  return false;
}
