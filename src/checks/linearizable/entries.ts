// The search's doubly linked list of call and return entries (search.ts): every op's call at
// its invoke and its return at its completion, in time order, calls before returns at equal
// times (the ops overlap), then by op. Built without a comparator callback: a history has a
// list per key, and on short keys sorting through a callback cost more than the search.
import type { KeyHistory } from './model.js';

export const NIL = -1;

export interface EntryList {
  /** Entries 0..2n-1 in time order; `head` (= 2n) is a sentinel before the first. */
  next: Int32Array;
  prev: Int32Array;
  /** A call entry's return entry; NIL for a return entry. */
  match: Int32Array;
  opOf: Int32Array;
  head: number;
}

export function linkedEntries(h: KeyHistory): EntryList {
  const n = h.kind.length;
  const calls = sortedBy(h.invoke);
  const returns = sortedBy(h.ret);
  const head = 2 * n;
  const next = new Int32Array(2 * n + 1);
  const prev = new Int32Array(2 * n + 1);
  const match = new Int32Array(2 * n).fill(NIL);
  const opOf = new Int32Array(2 * n);
  const callAt = new Int32Array(n);
  const returnAt = new Int32Array(n);
  let c = 0;
  let r = 0;
  for (let pos = 0; pos < 2 * n; pos++) {
    const call = c < n && (r === n || h.invoke[calls[c]!]! <= h.ret[returns[r]!]!);
    const op = call ? calls[c++]! : returns[r++]!;
    opOf[pos] = op;
    (call ? callAt : returnAt)[op] = pos;
    next[pos] = pos + 1 < 2 * n ? pos + 1 : NIL;
    prev[pos] = pos === 0 ? head : pos - 1;
  }
  for (let op = 0; op < n; op++) match[callAt[op]!] = returnAt[op]!;
  next[head] = n > 0 ? 0 : NIL;
  prev[head] = NIL;
  return { next, prev, match, opOf, head };
}

/** Indices 0..n-1 sorted by `t`, ties in index order: a bottom-up merge sort, O(n) when the
 * times are already in order (as invokes nearly always are). */
export function sortedBy(t: Float64Array): Int32Array {
  const n = t.length;
  let a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  let inOrder = true;
  for (let i = 1; i < n && inOrder; i++) inOrder = t[i - 1]! <= t[i]!;
  if (inOrder) return a;
  let b = new Int32Array(n);
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) b[k++] = t[a[j]!]! < t[a[i]!]! ? a[j++]! : a[i++]!;
      while (i < mid) b[k++] = a[i++]!;
      while (j < hi) b[k++] = a[j++]!;
    }
    [a, b] = [b, a];
  }
  return a;
}

/** Takes an op (its call entry `e` and its return entry) out of the list. */
export function lift(l: EntryList, e: number): void {
  const { next, prev } = l;
  next[prev[e]!] = next[e]!;
  if (next[e] !== NIL) prev[next[e]!] = prev[e]!;
  const m = l.match[e]!;
  next[prev[m]!] = next[m]!;
  if (next[m] !== NIL) prev[next[m]!] = prev[m]!;
}

/** Puts back the op `lift` took out (in reverse order of lifting). */
export function unlift(l: EntryList, e: number): void {
  const { next, prev } = l;
  const m = l.match[e]!;
  next[prev[m]!] = m;
  if (next[m] !== NIL) prev[next[m]!] = m;
  next[prev[e]!] = e;
  if (next[e] !== NIL) prev[next[e]!] = e;
}
