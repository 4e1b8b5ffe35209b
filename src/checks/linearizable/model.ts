// The register model the linearizability search steps through: read, write and
// compare-and-set on one key, with values interned to small integers (0 = absent, null).
// What each recorded outcome means (docs/checks.md "Linearizability"):
// - an ok read constrains the state; a read that is not ok constrains nothing (left out);
// - a write or cas that `fail`ed certainly did not happen (left out), unless the cas was
//   answered "compare failed" (`applied: false` on its ok line): then the state was not `from`;
// - an `info` write or cas may take effect at any time after its invoke, or never.
import type { Op } from '../../history/ops.js';
import { ValueMap } from '../values.js';

/** What a step does; `casMaybe` is an unanswered cas, `casRefused` one answered "no". */
export const enum Kind {
  Read = 0,
  Write = 1,
  Cas = 2,
  CasMaybe = 3,
  CasRefused = 4,
}

export const ILLEGAL = -1;
export const ABSENT = 0;

/** One key's operations, ready for the search: parallel arrays indexed by operation. */
export interface KeyHistory {
  key: string;
  /** The source operations, in the same order as the arrays below. */
  ops: Op[];
  kind: Uint8Array;
  /** Read: the value read; write: the value written; cas: `from`. */
  a: Int32Array;
  /** Cas: `to`. */
  b: Int32Array;
  invoke: Float64Array;
  /** Completion time, Infinity for an op that may take effect any time after its invoke. */
  ret: Float64Array;
  /** Interned value i is values[i] (values[0] = null, absent). */
  values: unknown[];
}

/** The new state after `op` in `state`, or ILLEGAL when the op cannot happen there. */
export function step(h: KeyHistory, op: number, state: number): number {
  const a = h.a[op]!;
  switch (h.kind[op] as Kind) {
    case Kind.Read:
      return state === a ? state : ILLEGAL;
    case Kind.Write:
      return a;
    case Kind.Cas:
      return state === a ? h.b[op]! : ILLEGAL;
    case Kind.CasMaybe:
      return state === a ? h.b[op]! : state;
    case Kind.CasRefused:
      return state === a ? ILLEGAL : state;
  }
}

/** Is this op one the model judges at all (see the header)? */
export function judged(op: Op): boolean {
  if (op.f === 'read') return op.outcome === 'ok';
  if (op.f === 'write') return op.outcome !== 'fail';
  if (op.f === 'cas') return op.outcome !== 'fail' || casRefused(op);
  return false;
}

/** A cas answered "compare failed": its completion carried `applied: false` (src/history/ops.ts);
 * an unanswered (`info`) cas was answered nothing. */
function casRefused(op: Op): boolean {
  const v = op.value as { applied?: unknown } | null;
  return op.outcome !== 'info' && v !== null && typeof v === 'object' && v.applied === false;
}

/** Maps a written value to the value it stands for (an imported history's labels, import.json). */
export type ValueAlias = (value: unknown) => unknown;

/** Builds the search input of one key's ops (any order; ops the model ignores are dropped). */
export function keyHistory(
  key: string,
  all: readonly Op[],
  alias: ValueAlias = (v) => v,
): KeyHistory {
  const ops = all.filter(judged);
  const n = ops.length;
  const h: KeyHistory = {
    key,
    ops,
    kind: new Uint8Array(n),
    a: new Int32Array(n),
    b: new Int32Array(n),
    invoke: new Float64Array(n),
    ret: new Float64Array(n),
    values: [null],
  };
  const values = new ValueMap<number>();
  // Numbers (Jepsen's values) by number: the same identity as ValueMap's JSON text, cheaper.
  const numbers = new Map<number, number>();
  let next = 1;
  const intern = (written: unknown): number => {
    const v = alias(written);
    if (v === null || v === undefined) return ABSENT;
    const known = typeof v === 'number' ? numbers.get(v) : values.get(v);
    if (known !== undefined) return known;
    if (typeof v === 'number') numbers.set(v, next);
    else values.setIfAbsent(v, next);
    h.values.push(v);
    return next++;
  };
  ops.forEach((op, i) => {
    h.invoke[i] = op.invoke;
    h.ret[i] = op.outcome === 'info' ? Infinity : op.complete;
    if (op.f === 'read') {
      h.kind[i] = Kind.Read;
      h.a[i] = intern(op.value);
      return;
    }
    if (op.f === 'write') {
      h.kind[i] = Kind.Write;
      h.a[i] = intern(op.value);
      return;
    }
    const { from, to } = casArgs(op.value);
    h.a[i] = intern(from);
    h.b[i] = intern(to);
    h.kind[i] = casRefused(op) ? Kind.CasRefused : op.outcome === 'info' ? Kind.CasMaybe : Kind.Cas;
  });
  return h;
}

function casArgs(v: unknown): { from: unknown; to: unknown } {
  if (v === null || typeof v !== 'object') return { from: null, to: v };
  const o = v as { from?: unknown; to?: unknown };
  return { from: o.from ?? null, to: o.to ?? null };
}
