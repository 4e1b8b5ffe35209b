// The topology lock under contention: many holders racing for a lock, fresh or left stale by a
// dead owner (also an empty file, as an older gameday killed mid-write could leave). At most one
// holds it at any moment, someone always gets it, and nothing is left behind.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as yieldOnce } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { PreconditionError } from '../../src/errors.js';
import { withLock } from '../../src/topology/state.js';

const ROUNDS = 200;
const CONTENDERS = 8;
/** A pid no process has (above Linux's pid_max). */
const DEAD_PID = 2147483646;
const STALE = ['', `${DEAD_PID}`, `${DEAD_PID} 1 deadbeef\n`, `${process.pid} 1 gone\n`];

async function round(root: string, stale: string | undefined) {
  if (stale !== undefined) writeFileSync(join(root, '.gameday', 'lock'), stale);
  let inside = 0;
  let most = 0;
  let held = 0;
  const contender = async () => {
    for (let i = Math.floor(Math.random() * 3); i > 0; i--) await yieldOnce();
    await withLock(root, async () => {
      most = Math.max(most, ++inside);
      held++;
      for (let i = 0; i < 3; i++) await yieldOnce();
      inside--;
    }).catch((err: unknown) => {
      if (!(err instanceof PreconditionError)) throw err;
    });
  };
  await Promise.all(Array.from({ length: CONTENDERS }, contender));
  return { most, held };
}

describe('the topology lock', () => {
  it(`admits one holder at a time in ${ROUNDS} rounds of ${CONTENDERS} contenders`, async () => {
    const root = mkdtempSync(join(tmpdir(), 'gameday-lock-'));
    await withLock(root, async () => undefined);
    for (let r = 0; r < ROUNDS; r++) {
      const stale = r % 5 === 4 ? undefined : STALE[r % STALE.length];
      const { most, held } = await round(root, stale);
      expect(most, `round ${r} (stale lock ${JSON.stringify(stale)})`).toBe(1);
      expect(held, `round ${r}: nobody got the lock`).toBeGreaterThan(0);
      expect(readdirSync(join(root, '.gameday')), `round ${r}`).toEqual([]);
    }
    // 1.6 s on an idle machine; a loaded one may take many times that.
  }, 120_000);

  it('refuses a lock held by a live process, naming its pid', async () => {
    const root = mkdtempSync(join(tmpdir(), 'gameday-lock-'));
    await withLock(root, async () => {
      const second = withLock(root, async () => 'entered');
      await expect(second).rejects.toThrow(`another gameday command (pid ${process.pid})`);
    });
    expect(await withLock(root, async () => 'entered')).toBe('entered');
  });
});
