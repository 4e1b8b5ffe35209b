// The idempotency table on its own: first answer kept, bounded, concurrent attempts apply once.
import { describe, expect, it } from 'vitest';
import { IdempotencyTable } from '../../fixtures/kvstore/idempotency.js';

const ok = (n: number) => ({ status: 200, body: { value: n } });

describe('IdempotencyTable', () => {
  it('keeps the first answer of a key', () => {
    const table = new IdempotencyTable();
    table.remember({ key: 'a', reply: { value: 1 } });
    table.remember({ key: 'a', reply: { value: 2 } });
    expect(table.answer('a')).toEqual({ value: 1 });
  });

  it('forgets the oldest key beyond its limit', () => {
    const table = new IdempotencyTable(2);
    for (const key of ['a', 'b', 'c']) table.remember({ key, reply: { key } });
    expect(table.size).toBe(2);
    expect(table.answer('a')).toBeUndefined();
    expect(table.answer('c')).toEqual({ key: 'c' });
  });

  it('applies a key once when a retry arrives while the first attempt is still applying', async () => {
    const table = new IdempotencyTable();
    let applied = 0;
    let release = (): void => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const apply = async (n: number) => {
      await gate;
      applied += 1;
      table.remember({ key: 'k', reply: { value: n } });
      return ok(n);
    };
    const first = table.once('k', () => apply(1));
    const retry = table.once('k', () => apply(2));
    release();
    expect(await first).toEqual(ok(1));
    expect(await retry).toEqual({ status: 200, body: { value: 1, replayed: true } });
    expect(applied).toBe(1);
  });

  it('lets the retry apply when the first attempt applied nothing', async () => {
    const table = new IdempotencyTable();
    const refused = table.once('k', async () => ({ status: 409, body: {} }));
    const retry = table.once('k', async () => {
      table.remember({ key: 'k', reply: { value: 2 } });
      return ok(2);
    });
    expect((await refused).status).toBe(409);
    expect(await retry).toEqual(ok(2));
  });
});
