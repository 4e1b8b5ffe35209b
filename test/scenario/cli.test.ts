// `gameday validate` and `gameday scenarios`, through the real command tree (in process).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { shippedScenariosDir } from '../../src/scenario/shipped.js';

let dir: string;
let stdout: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gameday-validate-'));
  stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  process.exitCode = undefined;
});

afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = undefined;
});

const gameday = (...args: string[]) => main(['node', 'gameday', ...args]);
const shipped = (name: string) => join(shippedScenariosDir(), `${name}.yaml`);

function badFile(): string {
  const file = join(dir, 'bad.yaml');
  writeFileSync(
    file,
    'name: bad\nduration: 30s\nsteps:\n  - { at: 5s, duration: 5s, fualt: partition }\n',
  );
  return file;
}

describe('gameday validate', () => {
  it('exits 0 and summarises a valid scenario', async () => {
    expect(await gameday('validate', shipped('region-kill'))).toBe(0);
    expect(stdout).toContain('✓');
    expect(stdout).toContain('region-kill · 40s · 1 step');
  });

  it('exits 2 and lists each problem with file:line:column', async () => {
    const file = badFile();
    expect(await gameday('validate', shipped('baseline'), file)).toBe(2);
    expect(stdout).toContain(`✗ ${file}`);
    expect(stdout).toContain(
      `${file}:4:29: steps[0].fualt: unknown field \`fualt\` (did you mean \`fault\`?)`,
    );
    expect(stdout).toContain('1 of 2 valid');
  });

  it('--json gives the problems as data', async () => {
    const file = badFile();
    expect(await gameday('validate', '--json', file, join(dir, 'missing.yaml'))).toBe(2);
    const results = JSON.parse(stdout);
    expect(results[0]).toMatchObject({ file, valid: false });
    expect(results[0].problems).toContainEqual({
      file,
      line: 4,
      column: 29,
      field: 'steps[0].fualt',
      message: 'unknown field `fualt` (did you mean `fault`?)',
    });
    expect(results[1].problems[0].message).toContain('no such file');
  });
});

describe('gameday scenarios', () => {
  it('lists every shipped scenario and marks the default', async () => {
    expect(await gameday('scenarios', '--json')).toBe(0);
    const list = JSON.parse(stdout) as { name: string; isDefault: boolean; description: string }[];
    expect(list.length).toBeGreaterThanOrEqual(14);
    expect(list.filter((s) => s.isDefault).map((s) => s.name)).toEqual(['replication-partition']);
    expect(list.every((s) => s.description.length > 0)).toBe(true);
  });

  it('prints a table with one line per scenario', async () => {
    expect(await gameday('scenarios')).toBe(0);
    expect(stdout).toMatch(/replication-partition \(default\)\s+Cut replication/);
    expect(stdout).toContain('region-pause');
  });
});
