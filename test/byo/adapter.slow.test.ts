// A store spoken to through the user's own adapter module (topology.store.adapter), through the
// real CLI (`npm run build` first): the fixture's Redis adapter, plain JavaScript against ioredis,
// copied to a directory outside the package with its own node_modules, as a user's project is.
// Two plain redis-servers (kind: command): us the primary, eu its read-only replica through the
// replication link. By construction: every eu write is refused, every us write is kept, and
// after settling both regions hold exactly us's data.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import ts from 'typescript';
import { afterAll, expect, it } from 'vitest';
import type { FinalState, HistoryEvent, Report } from '../../src/model.js';
import { leftovers } from '../topology/helpers.js';

const BIN = fileURLToPath(new URL('../../bin/gameday.js', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../fixtures/adapter', import.meta.url));
const MODULES = fileURLToPath(new URL('../../node_modules', import.meta.url));
const PACKAGE = fileURLToPath(new URL('../..', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'gameday-adapter-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

it('runs Redis through a user adapter module from outside the package, with verdicts', async () => {
  const project = join(root, 'project');
  cpSync(FIXTURE, project, { recursive: true });
  symlinkSync(MODULES, join(project, 'node_modules')); // `npm install ioredis`, in effect
  const out = join(project, 'run');
  // From another directory: the module path resolves relative to the scenario file.
  const result = await execa(
    'node',
    [BIN, 'run', join(project, 'redis-replica.yaml'), '--out', out, '--state-dir', root],
    { cwd: tmpdir(), reject: false, timeout: 90_000, env: { NO_COLOR: '1' } },
  );
  const log = result.stdout + result.stderr;
  expect(existsSync(join(out, 'report.json')), log).toBe(true);
  expect(result.exitCode, log).toBe(0);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
  const verdicts = Object.fromEntries(report.slos.map((s) => [s.name, [s.measured, s.pass]]));
  expect(verdicts).toEqual({ lost_writes: [0, true], divergence: [0, true] });

  const history = readFileSync(join(out, 'history.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as HistoryEvent);
  const writes = (region: string) =>
    history.filter((e) => e.region === region && e.f === 'write' && e.type !== 'invoke');
  // The replica refuses every write with Redis's own error reply: fail, never info.
  expect(writes('eu').length).toBeGreaterThan(10);
  for (const e of writes('eu')) {
    expect(e.type, JSON.stringify(e)).toBe('fail');
    expect(e.error).toMatch(/READONLY/);
  }
  const usOk = writes('us').filter((e) => e.type === 'ok');
  expect(usOk.length).toBeGreaterThan(10);

  // final.json through the adapter's dump: both regions equal, every value one us wrote.
  const final = JSON.parse(readFileSync(join(out, 'final.json'), 'utf8')) as FinalState;
  expect(final.source).toBe('dump');
  expect(final.agreed).toBe(true);
  expect(final.regions.eu).toEqual(final.regions.us);
  const usValues = new Set(
    writes('us')
      .filter((e) => e.type !== 'fail')
      .map((e) => e.value),
  );
  const finalValues = Object.values(final.regions.us!);
  expect(finalValues.length).toBeGreaterThan(0);
  for (const value of finalValues) expect(usValues.has(value), String(value)).toBe(true);

  expect(leftovers(root), 'processes of this topology still running').toEqual([]);
  expect(existsSync(join(root, '.gameday', 'state.json'))).toBe(false);
});

/** Type errors of `source` compiled as a user's TypeScript file with gameday installed. */
function typeErrors(project: string, source: string): string[] {
  const file = join(project, 'my-adapter.ts');
  writeFileSync(file, source);
  const options = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    lib: ['lib.es2022.d.ts'],
    types: [],
  };
  const program = ts.createProgram([file], options);
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

it('ships the adapter types as gameday/adapter: a user module is checked against them', () => {
  const project = mkdtempSync(join(root, 'typed-'));
  mkdirSync(join(project, 'node_modules'), { recursive: true });
  writeFileSync(join(project, 'package.json'), '{"type": "module"}');
  symlinkSync(PACKAGE, join(project, 'node_modules', 'gameday')); // `npm install gameday`
  const adapter = (functions: string) => `import type { Adapter, Outcome } from 'gameday/adapter';
const ok = async (): Promise<Outcome> => ({ type: 'ok' });
export default {
  open: async (url: string) => ({ url }),
  ${functions}
  dump: async () => ({ type: 'ok', value: {} }),
  digest: ok,
  close: async () => undefined,
} satisfies Adapter<{ url: string }>;
`;
  expect(typeErrors(project, adapter('read: ok, write: ok, cas: ok,'))).toEqual([]);
  const missing = typeErrors(project, adapter('read: ok, write: ok,'));
  expect(missing.join('\n')).toMatch(/'cas' is missing/);
  const wrong = typeErrors(
    project,
    adapter("read: ok, write: ok, cas: async () => ({ type: 'maybe' }),"),
  );
  expect(wrong.join('\n')).toMatch(/maybe/);
});
