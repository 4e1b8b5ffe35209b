// --lin / --lin-timeout mean the same on check, run, drill and matrix (linBudget).
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIN_BUDGET } from '../checks/linearizable/index.js';
import { BadInputError } from '../errors.js';
import { linBudget, parseMaxMemory } from './options.js';

describe('linBudget', () => {
  it('is off without either flag, the default budget with --lin', () => {
    expect(linBudget({})).toBeUndefined();
    expect(linBudget({ lin: true })).toEqual(DEFAULT_LIN_BUDGET);
  });

  it('--lin-timeout sets the run budget (and turns the check on); a key gets at most 10 s of it', () => {
    expect(linBudget({ linTimeout: '90s' })).toEqual({ runMs: 90_000, keyMs: 10_000 });
    expect(linBudget({ lin: true, linTimeout: '500ms' })).toEqual({ runMs: 500, keyMs: 500 });
    expect(linBudget({ linTimeout: '1.5m' })).toEqual({ runMs: 90_000, keyMs: 10_000 });
    expect(linBudget({ linTimeout: '60m' })).toEqual({ runMs: 3_600_000, keyMs: 10_000 });
  });

  it.each(['soon', '0s', '61m', '10', '-1s', ''])('refuses --lin-timeout "%s" (exit 2)', (v) => {
    expect(() => linBudget({ linTimeout: v })).toThrow(BadInputError);
    expect(() => linBudget({ linTimeout: v })).toThrow(/--lin-timeout ".*" is not a duration/);
  });
});

describe('parseMaxMemory', () => {
  it('is the default (undefined) when not given; reads B, KB, MB and GB as powers of 1024', () => {
    expect(parseMaxMemory(undefined)).toBeUndefined();
    expect(parseMaxMemory('512MB')).toBe(512 * 2 ** 20);
    expect(parseMaxMemory('1.5GB')).toBe(1.5 * 2 ** 30);
    expect(parseMaxMemory(' 2 gb ')).toBe(2 * 2 ** 30);
    expect(parseMaxMemory('1024KB')).toBe(2 ** 20);
    expect(parseMaxMemory('1048576B')).toBe(2 ** 20);
  });

  it.each(['512', 'lots', '0MB', '1023KB', '-1GB', '1.5TB', '', 'MB'])(
    'refuses --max-memory "%s" (exit 2, with the fix)',
    (v) => {
      expect(() => parseMaxMemory(v)).toThrow(BadInputError);
      expect(() => parseMaxMemory(v)).toThrow(/--max-memory ".*" is not a size of 1MB or more/);
      try {
        parseMaxMemory(v);
      } catch (err) {
        expect((err as BadInputError).exitCode).toBe(2);
        expect((err as BadInputError).hint).toMatch(/--max-memory 512MB/);
      }
    },
  );
});
