// The per-key pass (issue 15): every non-probe key's operations, one key at a time, so a
// check that needs a key's order holds that key only. Keys come in the order of their first
// register op (as the register index always took them), then keys with none (add, withdraw).
import type { Op } from '../history/ops.js';
import { OpTable, type OpSource } from '../history/table.js';
import { isProbeKey, isRegisterOp } from './values.js';

/** Calls `visit` with each non-probe key and its operations in history order. */
export function forEachKey(ops: OpSource, visit: (key: string, keyOps: Op[]) => void): void {
  if (ops instanceof OpTable) return forEachTableKey(ops, visit);
  const groups = new Map<string, { first: number; ops: Op[] }>();
  ops.forEach((op, i) => {
    if (isProbeKey(op.key)) return;
    let g = groups.get(op.key);
    if (!g) groups.set(op.key, (g = { first: Infinity, ops: [] }));
    if (g.first === Infinity && isRegisterOp(op)) g.first = i;
    g.ops.push(op);
  });
  const order = [...groups].sort((a, b) => byNumber(a[1].first, b[1].first));
  for (const [key, g] of order) visit(key, g.ops);
}

function forEachTableKey(t: OpTable, visit: (key: string, keyOps: Op[]) => void): void {
  const { counts, rows } = keyRows(t);
  forEachGroupKey(t, rows, 0, counts, visit);
}

/** Calls `visit` with each key whose rows are rows[from..] (`counts` of them, key by key). */
export function forEachGroupKey(
  t: OpTable,
  rows: Uint32Array,
  from: number,
  counts: Uint32Array,
  visit: (key: string, keyOps: Op[]) => void,
): void {
  let at = from;
  for (const count of counts) {
    const keyOps: Op[] = new Array<Op>(count);
    for (let j = 0; j < count; j++) keyOps[j] = t.op(rows[at++]!);
    visit(t.strings[t.key[rows[at - 1]!]!]!, keyOps);
  }
}

/** The non-probe keys of a table in canonical order (ids into `strings`), each one's op
 * count, and every key's rows in history order, key after key. */
export function keyRows(t: OpTable): { keys: number[]; counts: Uint32Array; rows: Uint32Array } {
  const names = t.strings;
  const count = new Uint32Array(names.length);
  const first = new Float64Array(names.length).fill(Infinity);
  const probe = names.map(isProbeKey);
  const register = names.map((f) => f === 'read' || f === 'write' || f === 'cas');
  const keys: number[] = [];
  for (let i = 0; i < t.length; i++) {
    const k = t.key[i]!;
    if (probe[k]) continue;
    if (count[k] === 0) keys.push(k);
    count[k] = count[k]! + 1;
    if (first[k] === Infinity && register[t.f[i]!]) first[k] = i;
  }
  // Stable: keys without register ops keep their first-seen order after the others.
  keys.sort((a, b) => byNumber(first[a]!, first[b]!));
  const start = new Uint32Array(names.length);
  let at = 0;
  for (const k of keys) {
    start[k] = at;
    at += count[k]!;
  }
  const rows = new Uint32Array(at);
  const fill = start.slice();
  for (let i = 0; i < t.length; i++) {
    const k = t.key[i]!;
    if (!probe[k]) rows[fill[k]!++] = i;
  }
  return { keys, counts: Uint32Array.from(keys, (k) => count[k]!), rows };
}

/** Ascending, with Infinity equal to itself (a plain a − b gives NaN there). */
export const byNumber = (a: number, b: number): number => (a === b ? 0 : a < b ? -1 : 1);
