import { describe, expect, it } from 'vitest';
import { table } from './ui.js';

const rows = [
  ['stale_read_rate', '< 0.1%', '0.0004', 'pass'],
  ['a_very_long_slo_name_that_goes_on_and_on', '>= 99%', '97.51%', 'FAIL'],
];

describe('table', () => {
  it('pads columns but leaves no trailing spaces', () => {
    const lines = table(['SLO', 'target', 'measured', 'verdict'], rows, undefined).split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).toBe(line.trimEnd());
    expect(lines[1]!.indexOf('< 0.1%')).toBe(lines[2]!.indexOf('>= 99%'));
  });

  it('fits a narrow terminal by cutting the widest column', () => {
    const lines = table(['SLO', 'target', 'measured', 'verdict'], rows, 50).split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(50);
    expect(lines[2]).toMatch(/^a_very_long_slo_name_t…\s+>= 99%\s+97\.51%\s+FAIL$/);
  });

  it('leaves a table that fits as it is', () => {
    expect(table(['a', 'b'], [['x', 'y']], 80)).toBe('a  b\nx  y');
  });
});
