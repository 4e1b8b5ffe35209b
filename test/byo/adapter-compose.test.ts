// A user's adapter module on the user's own compose file (topology.store.adapter, kind left out,
// topology.compose): what the store section becomes, and every combination that cannot work
// refused with exit 2 at its line, before anything starts. The docker run itself is
// test/docker/user-compose.slow.test.ts.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { main } from '../../src/cli/main.js';
import { BadInputError } from '../../src/errors.js';
import { parseScenario, ScenarioError } from '../../src/scenario/index.js';
import { regionProbes } from '../../src/run/final.js';
import { storeOf } from '../../src/stores/index.js';
import type { TopologyState } from '../../src/topology/driver.js';

let dir: string;
let output: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gameday-adapter-compose-'));
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

const COMPOSE = [
  '  compose:',
  '    file: compose.yml',
  '    regions: { us: { service: redis-us, port: 6379 }, eu: { service: redis-eu, port: 6379 } }',
  '    links: { eu_to_us: 8402 }',
];

/** A scenario whose store section is `store` (YAML lines under `store:`), with or without
 * topology.compose. */
function text(store: string[], compose = true): string {
  return [
    'name: adapter-compose',
    'duration: 5s',
    'topology:',
    '  store:',
    ...store.map((line) => `    ${line}`),
    ...(compose ? COMPOSE : []),
    '',
  ].join('\n');
}

/** The problem lines of a refused scenario (`file:line:column: field: message`). */
function problems(yaml: string): string[] {
  try {
    parseScenario(yaml, join(dir, 's.yaml'));
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError);
    return (err as ScenarioError).message.split('\n').slice(1);
  }
  throw new Error('expected the scenario to be refused');
}

describe('an adapter on your compose file (kind left out)', () => {
  it('is spoken to through the module only: TCP router check, its readiness, every part', () => {
    const spec = parseScenario(text(['adapter: ./a.mjs']), join(dir, 's.yaml')).topology.store;
    expect(spec).toEqual({ kind: 'adapter', adapter: join(dir, 'a.mjs') });
    const store = storeOf(spec);
    expect(store.routerCheck).toEqual({ mode: 'tcp', script: ['connect'], everyRegion: true });
    expect(store.ready).toBeTypeOf('function');
    expect(store.offers).toEqual({ cas: true, dump: true, digest: true });
    expect(store.adapter.name).toBe('adapter');
    // Nothing of gameday's starts these regions: a launch is a wrong path, said as such.
    const ctx = { region: 'us', host: '127.0.0.1', port: 7100, dataDir: '/d', peers: {} };
    expect(() => store.launch(ctx)).toThrow(BadInputError);
  });

  it('needs something that starts the regions: without topology.compose, at the adapter line', () => {
    const found = problems(text(['adapter: ./a.mjs'], false));
    expect(found).toEqual([
      expect.stringMatching(
        /s\.yaml:5:\d+: topology\.store\.adapter: an adapter needs something that starts the regions: set kind: command .* or add topology\.compose/,
      ),
    ]);
  });

  it('kind: command with topology.compose is refused at the kind line, with both fixes', () => {
    const found = problems(text(['kind: command', 'command: x {port}', 'adapter: ./a.mjs']));
    expect(found).toEqual([
      expect.stringMatching(
        /s\.yaml:5:11: topology\.store\.kind: kind command starts the regions from its command, but topology\.compose has your compose file start them: remove kind and command \(keep adapter/,
      ),
    ]);
  });

  it.each([
    [
      'command: x {port}',
      /s\.yaml:6:5: topology\.store\.command: `command` applies to kind command only/,
    ],
    [
      'offers: { cas: true }',
      /s\.yaml:6:5: topology\.store\.offers: `offers` applies to kind command only/,
    ],
    [
      'ownership: geo',
      /s\.yaml:6:5: topology\.store\.ownership: `ownership` is a setting of the bundled store/,
    ],
  ])('refuses %s beside it', (line, expected) => {
    expect(problems(text(['adapter: ./a.mjs', line]))).toEqual([expect.stringMatching(expected)]);
  });

  it.each(['redis-sentinel', 'galera'])('kind %s has its own client: no adapter', (kind) => {
    const found = problems(text([`kind: ${kind}`, 'adapter: ./a.mjs'], false));
    expect(found).toEqual([
      expect.stringMatching(
        new RegExp(
          `s\\.yaml:6:5: topology\\.store\\.adapter: kind ${kind} has gameday's own client`,
        ),
      ),
    ]);
  });
});

describe('gameday with an adapter on your compose file', () => {
  const FUNCTIONS = ['open', 'read', 'write', 'cas', 'dump', 'digest', 'close'];
  const module = (names: string[]) =>
    names.map((n) => `export async function ${n}() { return { type: 'ok' }; }`).join('\n');
  const scenarioFile = () => {
    const file = join(dir, 's.yaml');
    writeFileSync(file, text(['adapter: ./a.mjs']));
    return file;
  };

  it('validate imports the module: a missing function is exit 2 at the adapter line', async () => {
    writeFileSync(join(dir, 'a.mjs'), module(FUNCTIONS.filter((f) => f !== 'dump')));
    expect(await main(['node', 'gameday', 'validate', scenarioFile()])).toBe(2);
    expect(output).toContain(`${join(dir, 's.yaml')}:5:`);
    expect(output).toContain('does not implement dump: expected a function dump(connection)');
  });

  it('run on the local driver is exit 2 naming the driver, before any run directory', async () => {
    writeFileSync(join(dir, 'a.mjs'), module(FUNCTIONS));
    const out = join(dir, 'run');
    const args = ['run', scenarioFile(), '--driver', 'local', '--out', out, '--state-dir', dir];
    expect(await main(['node', 'gameday', ...args]), output).toBe(2);
    expect(output).toMatch(
      /runs on your compose file \(topology\.compose\), which needs --driver docker, not local/,
    );
    expect(output).toMatch(/fix: run with --driver docker/);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(dir, '.gameday', 'state.json'))).toBe(false);
  });
});

describe("gameday's own reads of a store behind an adapter", () => {
  it('never send it HTTP: no /metrics URL (Redis logs it as an attack and drops it)', async () => {
    const functions = ['open', 'read', 'write', 'cas', 'dump', 'digest', 'close'];
    const body = functions.map((n) => `export async function ${n}() { return { type: 'ok' }; }`);
    writeFileSync(join(dir, 'a.mjs'), body.join('\n'));
    const stateOf = (store: TopologyState['spec']['store']) =>
      ({
        spec: { regions: ['us'], store },
        regions: { us: { name: 'us', directUrl: 'http://127.0.0.1:9', clientUrl: '' } },
      }) as unknown as TopologyState;
    const adapter = await regionProbes(
      stateOf({ kind: 'adapter', adapter: join(dir, 'a.mjs') }),
      [],
    );
    expect(adapter.map((p) => p.metricsUrl)).toEqual([undefined]);
    const kvstore = await regionProbes(
      stateOf({ conflict: 'lww', writes: 'async', durability: 'fsync' }),
      [],
    );
    expect(kvstore.map((p) => p.metricsUrl)).toEqual(['http://127.0.0.1:9/metrics']);
    await Promise.all([...adapter, ...kvstore].map((p) => p.target.close()));
  });
});

describe('docs/targets.md, "On your own compose file"', () => {
  const repo = join(import.meta.dirname, '..', '..');
  const fixture = (name: string) =>
    readFileSync(join(repo, 'test', 'fixtures', 'adapter', name), 'utf8');
  const section = () => {
    const md = readFileSync(join(repo, 'docs', 'targets.md'), 'utf8');
    const start = md.indexOf('### On your own compose file: an adapter without `kind: command`');
    expect(start).toBeGreaterThan(0);
    const end = md.indexOf('\n## ', start);
    return [...md.slice(start, end).matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
  };

  it('shows the compose file the slow test runs, as it is', () => {
    const [compose] = section();
    const withoutComments = fixture('compose.yml').replace(/^#.*\n/gm, '');
    expect(compose).toBe(withoutComments);
  });

  it("shows the scenario's topology the slow test runs", () => {
    const [, topology] = section();
    const scenario = parse(fixture('redis-compose.yaml')) as { topology: unknown };
    expect(parse(topology!)).toEqual({ topology: scenario.topology });
  });
});
