// Merge laws that make replication safe to retry and reorder, checked with generated records.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LastWriterWins, compareHlc } from '../../fixtures/kvstore/conflict/lww.js';
import { MultiValue, decodeVector } from '../../fixtures/kvstore/conflict/mv.js';
import {
  canonical,
  type ConflictRule,
  type StoredRecord,
} from '../../fixtures/kvstore/conflict/rule.js';

/** Records as three regions would produce them by writing and merging in a random order. */
function historyRecords(make: (region: string) => ConflictRule, steps: Array<[number, number]>) {
  const nodes = ['us', 'eu', 'ap'].map((region) => make(region));
  const held: Array<StoredRecord | undefined> = [undefined, undefined, undefined];
  const produced: StoredRecord[] = [];
  steps.forEach(([who, from], i) => {
    const node = nodes[who] as ConflictRule;
    const incoming = held[from];
    if (incoming && from !== who) {
      node.observe(incoming);
      held[who] = held[who] ? node.merge(held[who] as StoredRecord, incoming) : incoming;
    } else {
      const written = node.write(held[who], i);
      held[who] = held[who] ? node.merge(held[who] as StoredRecord, written) : written;
    }
    produced.push(held[who] as StoredRecord);
  });
  return { rule: nodes[0] as ConflictRule, produced };
}

const steps = fc.array(fc.tuple(fc.nat(2), fc.nat(2)), { minLength: 3, maxLength: 30 });
const same = (a: StoredRecord, b: StoredRecord) => expect(canonical(a)).toBe(canonical(b));

describe.each([
  ['lww', (region: string) => new LastWriterWins(region)],
  ['mv', (region: string) => new MultiValue(region)],
])('%s merge', (_name, make) => {
  it('is commutative, associative and idempotent', () => {
    fc.assert(
      fc.property(steps, fc.nat(), fc.nat(), fc.nat(), (history, i, j, k) => {
        const { rule, produced } = historyRecords(make, history);
        const [a, b, c] = [i, j, k].map((n) => produced[n % produced.length] as StoredRecord);
        same(
          rule.merge(a as StoredRecord, b as StoredRecord),
          rule.merge(b as StoredRecord, a as StoredRecord),
        );
        same(rule.merge(rule.merge(a!, b!), c!), rule.merge(a!, rule.merge(b!, c!)));
        same(rule.merge(a!, a!), a!);
      }),
    );
  });

  it('lets a local write supersede everything the node had seen', () => {
    const { rule, produced } = historyRecords(make, [
      [0, 1],
      [1, 1],
      [0, 1],
      [2, 0],
    ]);
    const seen = produced[produced.length - 1] as StoredRecord;
    const next = rule.write(seen, 'new');
    expect(rule.merge(seen, next).siblings.map((s) => s.value)).toEqual(['new']);
  });
});

describe('hybrid logical clock', () => {
  it('orders a write after any clock it observed, even one from the future', () => {
    const us = new LastWriterWins('us', () => 1000);
    us.observe({ siblings: [{ value: 1, clock: '5000.7.eu' }] });
    const written = us.write(undefined, 2).siblings[0]!.clock;
    expect(compareHlc(written, '5000.7.eu')).toBeGreaterThan(0);
  });
});

describe('version vectors', () => {
  it('keep both of two concurrent writes and report one of them deterministically', () => {
    const [us, eu] = [new MultiValue('us', () => 1), new MultiValue('eu', () => 1)];
    const a = us.write(undefined, 'a');
    const b = eu.write(undefined, 'b');
    const merged = us.merge(a, b);
    expect(merged.siblings.map((s) => s.value).sort()).toEqual(['a', 'b']);
    expect(us.pick(merged)).toBe(eu.pick(eu.merge(b, a)));
    expect(decodeVector(us.version(merged))).toEqual({ us: 1, eu: 1 });
  });
});
