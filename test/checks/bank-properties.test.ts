// Property test: on random withdraw histories (approved, refused, failed and unknown
// withdrawals; random final balances) the bank check agrees with the brute-force reference.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { checkBank } from '../../src/checks/bank.js';
import { finalOf, ops, type OpSpec } from './helpers.js';
import { referenceBank } from './reference.js';

const withdrawal = fc.record({
  p: fc.constantFrom('us-0', 'us-1', 'eu-0', 'eu-1'),
  account: fc.constantFrom('acct-1', 'acct-2'),
  amount: fc.integer({ min: 1, max: 40 }),
  answer: fc.constantFrom('approved', 'approved', 'refused', 'fail', 'info'),
});
const run = fc.record({
  withdrawals: fc.array(withdrawal, { maxLength: 14 }),
  initial: fc.integer({ min: 0, max: 200 }),
  finals: fc.array(fc.option(fc.integer({ min: -150, max: 250 })), {
    minLength: 4,
    maxLength: 4,
  }),
});

type Run = typeof run extends fc.Arbitrary<infer T> ? T : never;

function build(r: Run) {
  const specs: OpSpec[] = r.withdrawals.map((w, i) => ({
    p: `${w.p}.${i}`,
    f: 'withdraw',
    key: w.account,
    at: i,
    done: i + 1,
    outcome: w.answer === 'approved' || w.answer === 'refused' ? 'ok' : w.answer,
    value: w.answer === 'refused' ? { amount: w.amount, approved: false } : { amount: w.amount },
  }));
  const region = (offset: number) => {
    const kv: Record<string, number> = {};
    ['acct-1', 'acct-2'].forEach((account, j) => {
      const v = r.finals[offset + j];
      if (v !== null && v !== undefined) kv[account] = v;
    });
    return kv;
  };
  return { history: ops(...specs), final: finalOf({ us: region(0), eu: region(2) }) };
}

it('overdrafts and money drift agree with the brute-force reference', () => {
  let overdrawn = 0;
  let drifted = 0;
  fc.assert(
    fc.property(run, (r) => {
      const { history, final } = build(r);
      const fast = checkBank(history, final, r.initial);
      const ref = referenceBank(history, final, r.initial);
      overdrawn += ref.overdrafts;
      drifted += ref.drift;
      expect({
        overdrafts: fast.overdrafts,
        overdraftAmount: fast.overdraftAmount,
        drift: fast.drift,
        driftAmount: fast.driftAmount,
      }).toEqual(ref);
    }),
    { numRuns: 1000 },
  );
  // Not vacuous: both anomalies occur in the random runs.
  expect(overdrawn).toBeGreaterThan(50);
  expect(drifted).toBeGreaterThan(50);
});
