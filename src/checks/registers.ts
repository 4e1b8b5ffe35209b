// Per-key index shared by the register checks. Built once in O(n log n): ok writes sorted
// by invoke time with suffix minima of their ok times, so "the earliest ok write invoked
// after time t" is one binary search.
import type { Op } from '../history/ops.js';
import { firstIndex } from './stats.js';
import { groupBy, isRegisterOp, isWrite, ValueMap, writtenValue } from './values.js';

export interface KeyHistory {
  key: string;
  /** The write that carried each value (the first one, should a value be written twice). */
  writeOf: ValueMap<Op>;
  /** The first write that carried each value and did not fail (ok or info). */
  liveWriteOf: ValueMap<Op>;
  /** Ok writes sorted by invoke time. */
  okWrites: Op[];
  /** suffixMin[i]: index in okWrites of the earliest-acknowledged write among okWrites[i..]. */
  suffixMin: Int32Array;
  /** Ok reads in invoke order. */
  reads: Op[];
}

/** Indexes every non-probe key that has register ops. */
export function indexRegisters(ops: readonly Op[]): Map<string, KeyHistory> {
  const byKey = groupBy(ops.filter(isRegisterOp), (op) => op.key);
  const index = new Map<string, KeyHistory>();
  for (const [key, keyOps] of byKey) index.set(key, indexKey(key, keyOps));
  return index;
}

/** The index of one key from its register ops in history order. */
export function indexKey(key: string, ops: Op[]): KeyHistory {
  const writeOf = new ValueMap<Op>();
  const writes = ops.filter(isWrite).sort((a, b) => a.invoke - b.invoke);
  const liveWriteOf = new ValueMap<Op>();
  for (const w of writes) {
    writeOf.setIfAbsent(writtenValue(w), w);
    if (w.outcome !== 'fail') liveWriteOf.setIfAbsent(writtenValue(w), w);
  }
  const okWrites = writes.filter((w) => w.outcome === 'ok');
  const suffixMin = new Int32Array(okWrites.length);
  for (let i = okWrites.length - 1; i >= 0; i--) {
    const next = i + 1 < okWrites.length ? (suffixMin[i + 1] as number) : -1;
    const better = next >= 0 && (okWrites[next] as Op).ok < (okWrites[i] as Op).ok;
    suffixMin[i] = better ? next : i;
  }
  const reads = ops
    .filter((op) => op.f === 'read' && op.outcome === 'ok')
    .sort((a, b) => a.invoke - b.invoke);
  return { key, writeOf, liveWriteOf, okWrites, suffixMin, reads };
}

/**
 * The earliest-acknowledged ok write W such that `written` precedes W (W invoked after
 * written's ok time), or any ok write when `written` is null (the key was read/left absent).
 * Returns undefined when there is none; `written` not ok precedes nothing.
 */
export function earliestSuperseding(kh: KeyHistory, written: Op | null): Op | undefined {
  if (written !== null && written.outcome !== 'ok') return undefined;
  const from = written === null ? 0 : firstIndex(kh.okWrites, (w) => w.invoke > written.ok);
  if (from >= kh.okWrites.length) return undefined;
  return kh.okWrites[kh.suffixMin[from] as number];
}

/** W(v) for a read or final value: the write that carried it, null for null, undefined if none. */
export function writeOfValue(kh: KeyHistory, value: unknown): Op | null | undefined {
  if (value === null || value === undefined) return null;
  return kh.writeOf.get(value);
}
