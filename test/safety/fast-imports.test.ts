// `gameday fault` and `gameday heal` load only what they use (issue 17): each module's static
// imports are followed from the command's file (type-only imports and `import()` excluded,
// those load nothing up front), and what must stay out of each command's start is checked.
// A module per import costs every invocation its resolution and compilation.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

/** Every file and package a module loads before its first line runs, transitively. */
function staticGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    const name = relative(ROOT, file);
    if (seen.has(name)) return;
    seen.add(name);
    const text = readFileSync(file, 'utf8');
    const imports = /^(?:import|export)\s+(?!type\b)[^;]*?\bfrom\s+['"]([^'"]+)['"]/gms;
    for (const [, spec] of text.matchAll(imports)) {
      if (!spec!.startsWith('.'))
        seen.add(spec!); // a package or node: builtin
      else visit(resolve(dirname(file), spec!.replace(/\.js$/, '.ts')));
    }
    for (const [, spec] of text.matchAll(/^import\s+['"]([^'"]+)['"]/gm)) seen.add(spec!);
  };
  visit(join(ROOT, entry));
  return seen;
}

const KINDS = ['partition', 'latency', 'kill-region', 'clock-skew', 'region-control'];

describe('what fault and heal load up front', () => {
  it('the walk sees what a command does load (else the checks below prove nothing)', () => {
    const fault = staticGraph('src/cli/fault.ts');
    expect(fault).toContain('src/faults/inject.ts');
    expect(fault).toContain('src/faults/ledger.ts');
    expect(fault).toContain('src/topology/state.ts');
    expect(fault).toContain('node:fs');
    expect(existsSync(join(ROOT, 'src/topology/recover.ts'))).toBe(true);
  });

  it('the fast path: no commander, no chalk', () => {
    const fast = staticGraph('src/cli/fast.ts');
    for (const mod of ['commander', 'chalk', 'src/cli/main.ts']) expect(fast).not.toContain(mod);
  });

  it('fault: no process starter, no recovery of a lost state.json', () => {
    const fault = staticGraph('src/cli/fault.ts');
    for (const mod of ['src/proc/run.ts', 'execa', 'src/topology/recover.ts', 'commander'])
      expect(fault).not.toContain(mod);
  });

  it('fault: no fault kind up front (it loads the one asked for), nor their registry', () => {
    const fault = staticGraph('src/cli/fault.ts');
    expect(fault).not.toContain('src/faults/index.ts');
    for (const kind of KINDS) expect(fault).not.toContain(`src/faults/${kind}.ts`);
  });

  it('heal: none of the fault kinds either (healing everything needs none)', () => {
    const heal = staticGraph('src/cli/heal.ts');
    for (const mod of ['src/proc/run.ts', 'src/topology/recover.ts', 'src/faults/index.ts'])
      expect(heal).not.toContain(mod);
    for (const kind of KINDS) expect(heal).not.toContain(`src/faults/${kind}.ts`);
  });
});

describe('the fault kinds loaded one at a time', () => {
  it('give the registry’s own kind for every kind', async () => {
    const { faults } = await import('../../src/faults/index.js');
    const { loadFault } = await import('../../src/faults/kinds.js');
    const { FAULT_KINDS } = await import('../../src/model.js');
    for (const kind of FAULT_KINDS) expect(await loadFault(kind), kind).toBe(faults[kind]);
  });
});
