// The `kind: command` store section: placeholders filled per region, and the input errors a
// scenario gets before anything starts (missing command, bad placeholder, a part it lacks).
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/index.js';
import { ScenarioError } from '../../src/scenario/problems.js';
import { storeOf } from '../../src/stores/index.js';
import { expand } from '../../src/stores/placeholders.js';

const ctx = {
  region: 'us',
  host: '127.0.0.1',
  port: 7100,
  dataDir: '/tmp/d/us',
  peers: { eu: 'http://127.0.0.1:7301', ap: 'http://127.0.0.1:7302' },
};

function scenario(store: string, workload = 'kind: register'): string {
  return [
    'name: byo',
    'duration: 5s',
    'topology:',
    '  regions: [us, eu]',
    '  store:',
    ...store.split('\n').map((l) => `    ${l}`),
    'workload:',
    `  ${workload}`,
  ].join('\n');
}

function problems(text: string): string[] {
  try {
    parseScenario(text, 'byo.yaml');
    return [];
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    return err.problems.map((p) => `${p.line}: ${p.message}`);
  }
}

describe('placeholders', () => {
  it('fills port, region, data dir and peers', () => {
    expect(expand('--port={port} --region {region} {dataDir}', ctx)).toBe(
      '--port=7100 --region us /tmp/d/us',
    );
    expect(expand('{peers}', ctx)).toBe('eu=http://127.0.0.1:7301,ap=http://127.0.0.1:7302');
    expect(expand('{peer:ap}/x', ctx)).toBe('http://127.0.0.1:7302/x');
  });
});

describe('kind: command', () => {
  it('normalizes one template for every region, in the scenario directory', () => {
    const s = parseScenario(
      scenario('kind: command\ncommand: node s.mjs --port {port}'),
      '/x/b.yaml',
    );
    const store = s.topology.store;
    expect(store).toMatchObject({ kind: 'command', health: '/health', cwd: '/x' });
    const launch = storeOf(store).launch(ctx);
    expect([launch.command, ...launch.args]).toEqual(['node', 's.mjs', '--port', '7100']);
    expect(launch.healthUrl).toBe('http://127.0.0.1:7100/health');
  });

  it('refuses a missing command, an unknown placeholder and an unknown peer, with lines', () => {
    expect(problems(scenario('kind: command'))).toEqual([
      expect.stringMatching(/^6: .*needs a command for region us/),
      expect.stringMatching(/^6: .*needs a command for region eu/),
    ]);
    const typo = problems(scenario('kind: command\ncommand: [s, "{prot}", "{peer:ap}"]'));
    expect(typo.join('\n')).toMatch(/7: unknown placeholder \{prot\}/);
    expect(typo.join('\n')).toMatch(/7: \{peer:ap\} names no region/);
  });

  it('refuses a workload needing compare-and-set from a store that does not offer it', () => {
    const store = 'kind: command\ncommand: s';
    expect(problems(scenario(store, 'kind: withdraw'))).toEqual([
      expect.stringMatching(/^9: needs compare-and-set .*offers\.cas: true/),
    ]);
    expect(problems(scenario(`${store}\noffers: { cas: true }`, 'kind: withdraw'))).toEqual([]);
    expect(problems(scenario(store, 'casRatio: 0.2'))[0]).toMatch(/casRatio 0.2/);
  });

  it('refuses command fields on the bundled store', () => {
    expect(problems(scenario('kind: kvstore\nhealth: /up'))).toEqual([
      expect.stringMatching(/^7: `health` applies to kind command only: set kind: command/),
    ]);
  });
});
