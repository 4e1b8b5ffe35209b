// The search's entry list (src/checks/linearizable/entries.ts) against the obvious reference:
// every call and return sorted by time, calls before returns at equal times, then by op.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NIL, linkedEntries, sortedBy } from '../../src/checks/linearizable/entries.js';
import type { KeyHistory } from '../../src/checks/linearizable/model.js';

function history(spans: [number, number][]): KeyHistory {
  const n = spans.length;
  return {
    key: 'k',
    ops: [],
    kind: new Uint8Array(n),
    a: new Int32Array(n),
    b: new Int32Array(n),
    invoke: Float64Array.from(spans.map(([at]) => at)),
    ret: Float64Array.from(spans.map(([at, length]) => at + length)),
    values: [null],
  };
}

/** [op, isCall] in the reference order. */
function reference(h: KeyHistory): [number, boolean][] {
  const n = h.invoke.length;
  const entries = Array.from({ length: 2 * n }, (_, i) => i);
  const time = (i: number) => (i < n ? h.invoke[i]! : h.ret[i - n]!);
  entries.sort((x, y) => time(x) - time(y) || Number(x >= n) - Number(y >= n) || x - y);
  return entries.map((i) => (i < n ? [i, true] : [i - n, false]));
}

const spans = fc.array(
  fc.tuple(
    fc.oneof(fc.integer({ min: 0, max: 6 }), fc.double({ min: 0, max: 50, noNaN: true })),
    fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constant(Infinity)),
  ),
  { maxLength: 40 },
);

describe('linearizability entry list', () => {
  it('walks calls and returns in time order, calls first at equal times, then by op', () => {
    fc.assert(
      fc.property(spans, (s) => {
        const h = history(s);
        const l = linkedEntries(h);
        const walked: [number, boolean][] = [];
        for (let e = l.next[l.head]!; e !== NIL; e = l.next[e]!) {
          walked.push([l.opOf[e]!, l.match[e] !== NIL]);
          if (l.match[e] !== NIL) expect(l.opOf[l.match[e]!]).toBe(l.opOf[e]);
          expect(l.next[l.prev[e]!]).toBe(e);
        }
        expect(walked).toEqual(reference(h));
      }),
      { numRuns: 500 },
    );
  });

  it('sorts indices by time, ties in index order, in order or not', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 70 }), (xs) => {
        const t = Float64Array.from(xs);
        const expected = xs.map((_, i) => i).sort((i, j) => xs[i]! - xs[j]! || i - j);
        expect(Array.from(sortedBy(t))).toEqual(expected);
        const ascending = Float64Array.from([...xs].sort((x, y) => x - y));
        expect(Array.from(sortedBy(ascending))).toEqual(xs.map((_, i) => i));
      }),
      { numRuns: 500 },
    );
  });

  it('an empty history is an empty list', () => {
    const l = linkedEntries(history([]));
    expect(l.next[l.head]).toBe(NIL);
  });
});
