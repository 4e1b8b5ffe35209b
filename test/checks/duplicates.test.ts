// Hand-built duplicate-effects cases: each fails on a plausible wrong implementation.
import { describe, expect, it } from 'vitest';
import { checkDuplicateEffects } from '../../src/checks/duplicates.js';
import { runAllChecks } from '../../src/checks/all.js';
import { TableBuilder } from '../../src/history/table-builder.js';
import { finalOf, historyOf, ops, type OpSpec } from './helpers.js';

const wd = (
  p: string,
  at: number,
  outcome: OpSpec['outcome'],
  extra: Partial<OpSpec> = {},
): OpSpec => ({
  p,
  f: 'withdraw',
  key: 'acct-1',
  value: { amount: 10 },
  at,
  done: at + 1,
  outcome,
  ...extra,
});
const add = (p: string, at: number, outcome: OpSpec['outcome'], logical?: string): OpSpec => ({
  p,
  f: 'add',
  key: 'c0',
  value: 1,
  at,
  done: at + 1,
  outcome,
  ...(logical && { logical }),
});
const balance = (us: number, eu = us) => finalOf({ us: { 'acct-1': us }, eu: { 'acct-1': eu } });

describe('duplicate effects', () => {
  it('a withdrawal retried after an info and applied both times is one duplicate of its amount', () => {
    const history = ops(
      wd('us-1', 0, 'info', { logical: 'L' }),
      wd('us-1.1', 5, 'ok', { logical: 'L' }),
    );
    const result = checkDuplicateEffects(history, balance(80), 100);
    expect(result).toMatchObject({ count: 1, amount: 10, keys: ['acct-1'], candidates: 1 });
    // The bank check allows it (the info may have applied): only this check sees it.
    const all = runAllChecks({
      ops: history,
      events: [],
      final: balance(80),
      balance: 100,
      availabilityTarget: 0.99,
    });
    expect(all.checks.bank.drift).toBe(0);
    expect(all.checks.duplicateEffects?.count).toBe(1);
  });

  it('reads the logical ids from history lines into columns (the gameday check path)', () => {
    const history = ops(
      wd('us-1', 0, 'info', { logical: 'L' }),
      wd('us-1.1', 5, 'ok', { logical: 'L' }),
    );
    const builder = new TableBuilder();
    historyOf(history).forEach((event, line) => builder.add(event, line));
    const table = builder.finishTable();
    expect([...table].map((op) => op.logical)).toEqual(['L', 'L']);
    expect(checkDuplicateEffects(table, balance(80), 100).count).toBe(1);
  });

  it('the same attempts as two logical operations are no duplicate', () => {
    const history = ops(wd('us-1', 0, 'info'), wd('us-1.1', 5, 'ok'));
    expect(checkDuplicateEffects(history, balance(80), 100)).toMatchObject({ count: 0, amount: 0 });
  });

  it('a balance moved once is no duplicate, even with the retry approved', () => {
    const history = ops(
      wd('us-1', 0, 'info', { logical: 'L' }),
      wd('us-1.1', 5, 'ok', { logical: 'L' }),
    );
    expect(checkDuplicateEffects(history, balance(90), 100).count).toBe(0);
  });

  it('a refused or failed attempt moved nothing: it cannot be the second application', () => {
    const refused = wd('us-1.1', 5, 'ok', { logical: 'L', value: { amount: 10, approved: false } });
    const failed = wd('us-1.1', 5, 'fail', { logical: 'L' });
    for (const second of [refused, failed]) {
      const history = ops(wd('us-1', 0, 'info', { logical: 'L' }), second);
      // 80 is drift (the bank check's finding), not a duplicate: one attempt may have applied.
      expect(checkDuplicateEffects(history, balance(80), 100).count).toBe(0);
    }
  });

  it('judges the worst region, and counts the fewest logical ops that explain the amount', () => {
    const history = ops(
      add('us-1', 0, 'info', 'A'),
      add('us-1.1', 2, 'info', 'A'),
      add('us-1.2', 4, 'ok', 'A'),
      add('eu-1', 0, 'info', 'B'),
      add('eu-1.1', 2, 'ok', 'B'),
    );
    // Two logical adds reach 2 applied once each; us settled on 4: 2 duplicated, and op A
    // alone (3 attempts that may have applied) can explain both.
    const final = finalOf({ us: { c0: 4 }, eu: { c0: 2 } });
    expect(checkDuplicateEffects(history, final, 0)).toMatchObject({
      count: 1,
      amount: 2,
      keys: ['c0'],
    });
  });

  it('caps the amount at what the retried attempts could add (the rest is the counter check)', () => {
    const history = ops(add('us-1', 0, 'info', 'A'), add('us-1.1', 2, 'ok', 'A'));
    const final = finalOf({ us: { c0: 7 } });
    expect(checkDuplicateEffects(history, final, 0)).toMatchObject({ count: 1, amount: 1 });
  });

  it('runs without retries have no candidates and no duplicates', () => {
    const history = ops(wd('us-1', 0, 'ok'), wd('us-2', 0, 'info'), wd('eu-1', 0, 'ok'));
    expect(checkDuplicateEffects(history, balance(0), 100)).toMatchObject({
      count: 0,
      amount: 0,
      candidates: 0,
    });
  });
});

describe('duplicate effects evidence', () => {
  it('names the retried logical operations that may have applied twice, the first three', () => {
    const specs: OpSpec[] = [];
    for (let i = 0; i < 5; i++)
      specs.push(
        add(`us-${i}`, i * 10, 'info', `L${i}`),
        add(`us-${i}.1`, i * 10 + 5, 'ok', `L${i}`),
      );
    specs.push(add('us-9', 100, 'ok', 'L9')); // one attempt: not a candidate
    const result = checkDuplicateEffects(
      ops(...specs),
      finalOf({ us: { c0: 8 }, eu: { c0: 8 } }),
      0,
    );
    expect(result).toMatchObject({ count: 2, amount: 2, candidates: 5 });
    expect(result.evidence?.[0]?.note).toContain(
      'retried logical operations that may have applied twice or more: L0, L1, L2 (and 2 more)',
    );
  });
});
