// A store kind the compose path cannot run is refused before Docker is asked anything, with a
// fix that fits what was asked (the engine is never reached: a stand-in that throws if it is).
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../errors.js';
import type { CommandStoreSpec, TopologySpec } from '../../model.js';
import { DEFAULT_ROUTER } from '../haproxy.js';
import { newState } from '../state.js';
import type { DockerEngine } from '../../docker/engine.js';
import { startDocker } from './docker-up.js';

const engine = new Proxy({} as DockerEngine, {
  get: () => {
    throw new Error('the engine was asked');
  },
});

function specWith(adapter?: string): TopologySpec {
  const store: CommandStoreSpec = {
    kind: 'command',
    commands: {},
    env: {},
    health: '/health',
    startTimeoutMs: 1000,
    offers: { cas: true, dump: true, digest: true },
    ...(adapter ? { adapter } : {}),
  };
  const regions = { us: { service: 'us', port: 6379 }, eu: { service: 'eu', port: 6379 } };
  const compose = { file: '/x/compose.yml', regions, links: {} };
  return { regions: ['us', 'eu'], store, router: DEFAULT_ROUTER, compose };
}

describe('startDocker with --compose and kind: command', () => {
  it.each([
    [
      '/x/adapter.mjs',
      /kind: command with an adapter cannot run with --compose FILE/,
      /remove kind and command and keep adapter/,
    ],
    [undefined, /kind: command cannot run with --compose FILE/, /leave kind out/],
  ])('adapter %s: exit 2 naming the combination and a fix', async (adapter, message, fix) => {
    const spec = specWith(adapter);
    const err = await startDocker('/nonexistent', spec, newState('docker', spec), engine).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BadInputError);
    expect((err as BadInputError).message).toMatch(message);
    expect((err as BadInputError).hint).toMatch(fix);
  });
});

describe('startDocker with an adapter and kind left out', () => {
  it.each([
    ['no compose file', undefined],
    ['regions on several engines', { us: 'unix:///a.sock', eu: 'unix:///b.sock' }],
  ])('%s: exit 2 before the engine is asked', async (_what, engines) => {
    const base = specWith();
    const spec: TopologySpec = {
      regions: base.regions,
      router: base.router,
      store: { kind: 'adapter', adapter: '/x/adapter.mjs' },
      ...(engines ? { engines, compose: base.compose! } : {}),
    };
    const err = await startDocker('/nonexistent', spec, newState('docker', spec), engine).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BadInputError);
    expect((err as BadInputError).message).toMatch(
      /adapter with kind left out needs topology\.compose/,
    );
  });
});
