// Every child process goes through src/proc (execa with argument arrays); no module reaches for
// child_process or a shell, so no argument is ever parsed by one.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [path] : [];
  });
}

const files = [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'fixtures'))].map((f) => ({
  file: relative(ROOT, f),
  text: readFileSync(f, 'utf8'),
}));

describe('child processes', () => {
  it('are started only by src/proc', () => {
    const starters = files.filter((f) =>
      // A static `from '…'` or a dynamic `import('…')` (execa is loaded on first use).
      /(from |import\()['"](execa|node:child_process|child_process)['"]/.test(f.text),
    );
    expect(starters.map((f) => f.file)).toEqual(['src/proc/run.ts']);
  });

  it('never through a shell', () => {
    const shells = files.filter((f) => /\bshell\s*:\s*(true|['"`])|\$`|execaCommand/.test(f.text));
    expect(shells.map((f) => f.file)).toEqual([]);
  });

  it('src/proc passes the command and an argument array to execa', () => {
    const proc = files.find((f) => f.file === 'src/proc/run.ts')!.text;
    const calls = proc.match(/execa\([^)]*\)/g) ?? [];
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) expect(call).toMatch(/execa\(\w+(\.command)?, \w+(\.args)?, /);
  });
});
