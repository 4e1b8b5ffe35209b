// The dead man's switch rule in memory: which ledger entries expire, time left, --ttl parsing.
import { describe, expect, it } from 'vitest';
import { parseTtl } from '../../src/cli/ttl.js';
import { BadInputError } from '../../src/errors.js';
import type { LedgerEntry } from '../../src/faults/index.js';
import { expiredFaults, timeLeftMs } from '../../src/watchdog/expiry.js';

const T0 = Date.parse('2026-11-21T12:00:00Z');
const entry = (id: string, deadlineOffsetMs?: number): LedgerEntry => ({
  spec: { id, fault: 'partition', regions: ['us', 'eu'], params: {} },
  appliedAt: new Date(T0).toISOString(),
  ...(deadlineOffsetMs === undefined
    ? {}
    : { deadline: new Date(T0 + deadlineOffsetMs).toISOString() }),
});

describe('fault deadlines', () => {
  const ledger = [entry('a', 1000), entry('b', 5000), entry('none')];

  it('expires entries at or after their deadline, never those without one', () => {
    expect(expiredFaults(ledger, T0 + 999).map((e) => e.spec.id)).toEqual([]);
    expect(expiredFaults(ledger, T0 + 1000).map((e) => e.spec.id)).toEqual(['a']);
    expect(expiredFaults(ledger, T0 + 1e9).map((e) => e.spec.id)).toEqual(['a', 'b']);
  });

  it('says how long is left, never less than zero', () => {
    expect(timeLeftMs(ledger[1]!, T0 + 1000)).toBe(4000);
    expect(timeLeftMs(ledger[0]!, T0 + 9000)).toBe(0);
    expect(timeLeftMs(ledger[2]!, T0)).toBeUndefined();
  });

  it('parses --ttl and rejects what is not a positive duration', () => {
    expect(parseTtl(undefined, 600_000)).toBe(600_000);
    expect(parseTtl('2s', 0)).toBe(2000);
    expect(parseTtl('10m', 0)).toBe(600_000);
    expect(parseTtl('1.5h', 0)).toBe(5_400_000);
    for (const bad of ['', '0s', '10', 'soon', '-1m', '$(id)'])
      expect(() => parseTtl(bad, 0), bad).toThrow(BadInputError);
  });

  it('refuses a --ttl past 24h (9999999999h once made an invalid deadline and exit 4)', () => {
    expect(parseTtl('24h', 0)).toBe(86_400_000);
    for (const huge of ['24.001h', '1441m', '9999999999h', `${'9'.repeat(400)}h`])
      expect(() => parseTtl(huge, 0), huge).toThrow(/longer than the limit of 24h/);
  });
});
