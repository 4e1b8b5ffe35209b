// topology.store.ownership: normalized for the bundled store (home filled in), launched as its
// flags, and refused with file:line where it does not apply.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/index.js';
import { ScenarioError } from '../../src/scenario/problems.js';
import { kvstoreKind } from '../../src/stores/kvstore.js';
import type { KvstoreSpec } from '../../src/model.js';

function scenario(store: string): string {
  return [
    'name: own',
    'duration: 5s',
    'topology:',
    '  regions: [us, eu]',
    '  store:',
    ...store.split('\n').map((l) => `    ${l}`),
  ].join('\n');
}

function problems(text: string): string[] {
  try {
    parseScenario(text, 'own.yaml');
    return [];
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    return err.problems.map((p) => `${p.line}: ${p.message}`);
  }
}

const storeOf = (text: string) => parseScenario(scenario(text), 'own.yaml').topology.store;
const ctx = {
  region: 'eu',
  host: '127.0.0.1',
  port: 1,
  dataDir: '/d',
  peers: { us: 'http://x:2' },
};

describe('write ownership in the scenario', () => {
  it('multi-writer (written or not) launches the store without ownership flags', () => {
    for (const text of ['conflict: lww', 'ownership: multi-writer']) {
      const store = storeOf(text);
      expect(store).not.toHaveProperty('ownership');
      expect(kvstoreKind.launch(store as KvstoreSpec, ctx).args).not.toContain('--ownership');
    }
  });

  it('single-writer: home defaults to the first region, forward to true, both passed as flags', () => {
    const store = storeOf('ownership: single-writer') as KvstoreSpec;
    expect(store).toMatchObject({ ownership: 'single-writer', home: 'us', forward: true });
    const args = kvstoreKind.launch(store, ctx).args.join(' ');
    expect(args).toContain('--ownership single-writer --home us --forward true');
    const refusing = storeOf('ownership: single-writer\nhome: eu\nforward: false');
    expect(refusing).toMatchObject({ home: 'eu', forward: false });
  });

  it('geo: no home; forward as written', () => {
    const store = storeOf('ownership: geo\nforward: false') as KvstoreSpec;
    expect(store).toMatchObject({ ownership: 'geo', forward: false });
    expect(store).not.toHaveProperty('home');
    expect(kvstoreKind.launch(store, ctx).args.join(' ')).toContain(
      '--ownership geo --forward false',
    );
  });

  it.each([
    ['ownership: leader', /^6: .*multi-writer.*single-writer.*geo/],
    ['ownership: single-writer\nhome: ap', /^7: no region `ap` in topology.regions \[us, eu\]/],
    ['ownership: geo\nhome: us', /^7: `home` applies to ownership: single-writer only/],
    ['forward: false', /^6: `forward` applies to ownership: single-writer or geo only/],
    ['kind: galera\nownership: geo', /^7: `ownership` applies to kind kvstore only/],
  ])('%j is an input error at its line', (text, message) => {
    expect(problems(scenario(text))).toEqual([expect.stringMatching(message)]);
  });
});
