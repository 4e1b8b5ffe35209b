// What the threads of ./key-threads.ts read: the table's columns, already in shared memory
// (../history/table.ts), the strings, and the rows of every key in canonical order, sent once
// to each thread; then per group of keys only the values its rows carry (a 10M-op history
// holds millions of values; a thread gets its group's), numbered in a shared column.
import type { Op } from '../history/ops.js';
import { OpTable, OTHER, type TableColumns } from '../history/table.js';
import { forEachGroupKey } from './keys.js';

/** Sent once to each thread. */
export interface SharedKeys {
  /** The table's columns, with `value` the group-local value ids (OTHER + a value's index in
   * its group's values; filled per group). */
  columns: TableColumns;
  strings: string[];
  /** Every key's rows, key after key (./keys.ts keyRows). */
  rows: Uint32Array;
}

/** One group: the keys whose rows are rows[from..to), each key's op count, and its values. */
export interface KeyGroup {
  from: number;
  to: number;
  counts: Uint32Array;
  values: unknown[];
}

const sharedCopy = (a: Uint32Array): Uint32Array => {
  const copy = new Uint32Array(new SharedArrayBuffer(a.byteLength));
  copy.set(a);
  return copy;
};

/** What every thread reads (the columns are not copied unless not shared already). */
export function shareKeys(t: OpTable, rows: Uint32Array): SharedKeys {
  const cut = <A extends Float64Array | Uint32Array | Uint8Array>(a: A) =>
    a.buffer instanceof SharedArrayBuffer ? (a.subarray(0, t.length) as A) : a;
  const columns: TableColumns = {
    length: t.length,
    invoke: cut(t.invoke),
    complete: cut(t.complete),
    process: cut(t.process),
    session: cut(t.session),
    region: cut(t.region),
    acked: cut(t.acked),
    f: cut(t.f),
    key: cut(t.key),
    value: new Uint32Array(new SharedArrayBuffer(4 * t.length)),
    logical: cut(t.logical),
    outcome: cut(t.outcome),
    via: cut(t.via),
  };
  return { columns, strings: [...t.strings], rows: sharedCopy(rows) };
}

/** The group of keys whose rows are shared.rows[from..to): its values, numbered from 0 in
 * the shared value column. */
export function groupOf(
  t: OpTable,
  shared: SharedKeys,
  from: number,
  to: number,
  counts: Uint32Array,
): KeyGroup {
  const { rows } = shared;
  const local = shared.columns.value;
  const values: unknown[] = [];
  const { store } = t;
  // A value's number here, by its id there (string ids, then other ids from OTHER).
  const seenString = new Int32Array(store.strings.length).fill(-1);
  const seenOther = new Int32Array(store.others.length).fill(-1);
  for (let j = from; j < to; j++) {
    const i = rows[j]!;
    const v = t.value[i]!;
    const seen = v >= OTHER ? seenOther : seenString;
    const at = v >= OTHER ? v - OTHER : v;
    let mine = seen[at]!;
    if (mine < 0) {
      seen[at] = mine = values.length;
      values.push(store.value(v));
    }
    local[i] = OTHER + mine;
  }
  return { from, to, counts, values };
}

/** A thread's view of the shared table: calls `visit` with each key of a group and its
 * operations in history order. */
export function groupReader(shared: SharedKeys) {
  const t = OpTable.of(shared.columns, shared.strings);
  return (group: KeyGroup, visit: (key: string, keyOps: Op[]) => void): void => {
    t.store.others = group.values;
    forEachGroupKey(t, shared.rows, group.from, group.counts, visit);
  };
}
