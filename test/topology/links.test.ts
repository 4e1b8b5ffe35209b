import { describe, expect, it } from 'vitest';
import { linksFor } from '../../src/faults/link-toxics.js';
import type { FaultSpec } from '../../src/faults/types.js';
import type { TopologyState } from '../../src/topology/driver.js';
import { planLinks } from '../../src/topology/links.js';

function topology(regions: string[]): TopologyState {
  let port = 30000;
  const links = planLinks(
    regions,
    '127.0.0.1',
    () => port++,
    (r) => `${r}-store:1`,
  );
  const regionStates = Object.fromEntries(
    regions.map((r) => [r, { name: r, directUrl: '', clientUrl: '' }]),
  );
  return {
    version: 1,
    driver: 'local',
    project: 't',
    createdAt: '',
    spec: {
      regions,
      store: { conflict: 'lww', writes: 'async', durability: 'none' },
      router: { interMs: 1, fall: 1, rise: 1, timeoutMs: 1 },
    },
    toxiproxy: { url: '' },
    router: { url: '' },
    regions: regionStates,
    links,
  };
}

const spec = (params: Record<string, unknown>): FaultSpec => ({
  id: 's1',
  fault: 'partition',
  regions: ['us', 'eu'],
  params,
});
const names = (state: TopologyState, params: Record<string, unknown>) =>
  linksFor(state, spec(params))
    .map((l) => l.name)
    .sort();

describe('planLinks', () => {
  it('plans one client link per region and one replication link per ordered pair', () => {
    const links = planLinks(
      ['us', 'eu', 'ap'],
      '127.0.0.1',
      () => 1,
      (r) => r,
    );
    expect(links.filter((l) => l.kind === 'client').map((l) => l.name)).toEqual([
      'client_to_us',
      'client_to_eu',
      'client_to_ap',
    ]);
    expect(links.filter((l) => l.kind === 'replication')).toHaveLength(6);
    const usToEu = links.find((l) => l.name === 'us_to_eu')!;
    expect(usToEu).toMatchObject({ from: 'us', to: 'eu', upstream: 'eu' });
  });

  it('gives every link its own listen port', () => {
    let port = 1;
    const links = planLinks(
      ['us', 'eu'],
      'h',
      () => port++,
      (r) => r,
    );
    expect(new Set(links.map((l) => l.listen)).size).toBe(links.length);
  });
});

describe('linksFor', () => {
  const state = topology(['us', 'eu', 'ap']);
  it('cuts replication both ways by default, and only a→b when oneway', () => {
    expect(names(state, {})).toEqual(['eu_to_us', 'us_to_eu']);
    expect(names(state, { oneway: true })).toEqual(['us_to_eu']);
  });
  it("scope clients cuts the second region's client link only", () => {
    expect(names(state, { scope: 'clients' })).toEqual(['client_to_eu']);
  });
  it('scope both is replication plus clients, never touching a third region', () => {
    expect(names(state, { scope: 'both' })).toEqual(['client_to_eu', 'eu_to_us', 'us_to_eu']);
  });
});
