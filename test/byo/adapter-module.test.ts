// A user's adapter module (topology.store.adapter) checked before anything starts: a module
// that lacks a function of the interface or does not load is exit 2 naming the function, the
// file and the error, at the scenario's line; a valid one passes `gameday validate`. And the
// wrapper keeps the outcome rule when the module breaks it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseScenario } from '../../src/scenario/index.js';
import { storeOf } from '../../src/stores/index.js';
import { userAdapter } from '../../src/targets/user-adapter.js';

let dir: string;
let output: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gameday-adapter-module-'));
  output = '';
  const capture = (chunk: unknown) => ((output += String(chunk)), true);
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  process.exitCode = undefined;
});

afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = undefined;
});

const FUNCTIONS = ['open', 'read', 'write', 'cas', 'dump', 'digest', 'close'];

function moduleWith(names: string[], style: 'named' | 'default' = 'named'): string {
  const fns = names.map((n) => `${n}: async () => ({ type: 'ok' })`);
  if (style === 'default') return `export default { ${fns.join(', ')} };\n`;
  return names.map((n) => `export async function ${n}() { return { type: 'ok' }; }`).join('\n');
}

function scenario(module: string, extra = ''): string {
  const file = join(dir, 'scenario.yaml');
  writeFileSync(
    file,
    [
      'name: adapter-module',
      'duration: 5s',
      'topology:',
      '  store:',
      '    kind: command',
      '    command: redis-server --port {port}',
      `    adapter: ./${module}`,
      ...(extra ? [`    ${extra}`] : []),
      '',
    ].join('\n'),
  );
  return file;
}

async function validate(file: string): Promise<number> {
  return main(['node', 'gameday', 'validate', file]);
}

describe('gameday validate with an adapter module', () => {
  it('accepts a module exporting every function, named or as a default object', async () => {
    writeFileSync(join(dir, 'named.mjs'), moduleWith(FUNCTIONS));
    writeFileSync(join(dir, 'default.mjs'), moduleWith(FUNCTIONS, 'default'));
    expect(await validate(scenario('named.mjs')), output).toBe(0);
    expect(await validate(scenario('default.mjs')), output).toBe(0);
  });

  it.each(FUNCTIONS)('names a missing %s (exit 2, the scenario line)', async (missing) => {
    writeFileSync(join(dir, 'partial.mjs'), moduleWith(FUNCTIONS.filter((f) => f !== missing)));
    expect(await validate(scenario('partial.mjs'))).toBe(2);
    expect(output).toContain(`does not implement ${missing}: expected a function ${missing}(`);
    expect(output).toContain(`${join(dir, 'scenario.yaml')}:7:`);
    expect(output).toContain(join(dir, 'partial.mjs'));
  });

  it('names a function exported as something else', async () => {
    const text = moduleWith(FUNCTIONS.filter((f) => f !== 'digest')) + '\nexport const digest = 1;';
    writeFileSync(join(dir, 'odd.mjs'), text);
    expect(await validate(scenario('odd.mjs'))).toBe(2);
    expect(output).toContain(
      'does not implement digest: expected a function digest(connection), found number',
    );
  });

  it('reports a module that does not load: its file and the error', async () => {
    writeFileSync(join(dir, 'broken.mjs'), 'export function open( {\n');
    expect(await validate(scenario('broken.mjs'))).toBe(2);
    expect(output).toContain(`the adapter module ${join(dir, 'broken.mjs')} cannot be loaded`);
    expect(output).toMatch(/SyntaxError|invalid JS syntax/); // node's words | vitest's loader's
  });

  it('reports a dependency the module imports but nobody installed', async () => {
    writeFileSync(join(dir, 'deps.mjs'), "import 'gameday-no-such-package';\n");
    expect(await validate(scenario('deps.mjs'))).toBe(2);
    expect(output).toContain(join(dir, 'deps.mjs'));
    expect(output).toContain("Cannot find package 'gameday-no-such-package'");
  });

  it('reports a module file that does not exist', async () => {
    expect(await validate(scenario('nowhere.mjs'))).toBe(2);
    expect(output).toContain(`the adapter module ${join(dir, 'nowhere.mjs')} cannot be loaded`);
  });

  it.each(['health: /health', 'offers: { cas: true }'])(
    'refuses %s beside an adapter (HTTP only)',
    async (field) => {
      writeFileSync(join(dir, 'named.mjs'), moduleWith(FUNCTIONS));
      expect(await validate(scenario('named.mjs', field))).toBe(2);
      expect(output).toContain(`describes an HTTP store; with adapter`);
    },
  );
});

describe('a store behind an adapter module', () => {
  const text = (store: string) =>
    `name: a\nduration: 5s\ntopology:\n  store: { ${store} }\nworkload: { kind: withdraw }\n`;

  it('has no health URL, a TCP router check, the adapter readiness, and every part', () => {
    const spec = parseScenario(
      text("kind: command, command: 'x {port}', adapter: ./a.mjs"),
      join(dir, 's.yaml'),
    ).topology.store;
    expect(spec).toMatchObject({ adapter: join(dir, 'a.mjs') });
    const store = storeOf(spec);
    const ctx = { region: 'us', host: '127.0.0.1', port: 7100, dataDir: '/d', peers: {} };
    expect(store.launch(ctx).healthUrl).toBeUndefined();
    expect(store.routerCheck).toEqual({ mode: 'tcp', script: ['connect'], everyRegion: true });
    expect(store.ready).toBeTypeOf('function');
    expect(store.offers).toEqual({ cas: true, dump: true, digest: true });
    expect(store.adapter.name).toBe('adapter');
  });

  it('needs kind command, or topology.compose, to start the regions', () => {
    expect(() => parseScenario(text('adapter: ./a.mjs'), join(dir, 's.yaml'))).toThrow(
      /an adapter needs something that starts the regions: set kind: command/,
    );
  });

  it('without one, a command store keeps its HTTP health and check', () => {
    const spec = parseScenario(
      text("kind: command, command: 'x {port}', offers: { cas: true }"),
      join(dir, 's.yaml'),
    ).topology.store;
    const store = storeOf(spec);
    expect(store.routerCheck).toEqual({ mode: 'http', path: '/health' });
    expect(store.ready).toBeUndefined();
    expect(store.adapter.name).toBe('kvstore');
  });
});

describe('outcomes of a module that breaks the rule', () => {
  async function target(body: string) {
    const file = join(dir, `m${Math.random().toString(36).slice(2)}.mjs`);
    writeFileSync(file, body);
    return userAdapter(file).open('http://127.0.0.1:1', { timeoutMs: 100 });
  }
  const base = (overrides: string) =>
    `${FUNCTIONS.map((n) => `export async function ${n}() { return { type: 'ok', value: {} }; }`)
      .filter((line) => !overrides.includes(`function ${line.split(' ')[3]!.split('(')[0]}(`))
      .join('\n')}\n${overrides}\n`;

  it('a throw is info (unknown), never fail', async () => {
    const t = await target(base("export async function write() { throw new Error('boom'); }"));
    expect(await t.write('k', 1)).toEqual({ type: 'info', error: 'adapter write() threw: boom' });
  });

  it('an answer that is not an outcome is info, saying what came back', async () => {
    const t = await target(base('export async function read() { return 42; }'));
    expect(await t.read('k')).toEqual({
      type: 'info',
      error: 'adapter read() returned 42, not {type: ok|fail|info}',
    });
  });

  it("a dump's ok value that is not {key: value} breaks the contract (exit 2 at the run)", async () => {
    const t = await target(
      base("export async function dump() { return { type: 'ok', value: [1] }; }"),
    );
    expect(await t.dump()).toMatchObject({
      type: 'fail',
      contract: expect.stringContaining('[1]'),
    });
  });

  it('an outcome passes through as the module gave it', async () => {
    const t = await target(
      base(
        "export async function cas(c, k, v, x) { return { type: 'fail', error: `${k} ${v} ${x}` }; }",
      ),
    );
    expect(await t.cas('k', null, 3)).toEqual({ type: 'fail', error: 'k null 3' });
  });
});
